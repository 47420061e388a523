"""The conductor's part of rebuild and evacuate (Nova's
``ComputeTaskManager.rebuild_instance``).

A rebuild stays on its host: with a new image, the scheduler first checks
that host against the filters that judge an image (``RUN_ON_REBUILD``,
the host forced, nothing claimed). An evacuation (``recreate``) asks the
scheduler for another host (the source excluded) or checks the one the
admin named, and claims it for the server; the source's claim stays until
its compute comes back and destroys its stale guest. Either way the cast
``rebuild_instance`` goes to the compute that will run the server.

If this part fails (no host, say), the server is back in the state it had,
no task in flight, with a fault; the action's conductor event records the
error (NoValidHost with the filter chain).
"""

import sys

from oslo_log import log as logging

from minova.compute import task_states
from minova.conductor import errors
from minova.conductor import scheduling
from minova.db import allocations
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import request_spec as request_spec_obj
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)

REBUILD_EVENT = 'conductor_rebuild_server'
#: Where an evacuated server came from, in its system_metadata: the
#: source's compute destroys its stale guest when it comes back.
EVACUATED_FROM = 'evacuated_from_host'


def rebuild_instance(manager, context, instance, orig_image_ref, image_ref,
                     image, new_pass, recreate=False, on_shared_storage=False,
                     preserve_ephemeral=False, host=None, request_spec=None):
    """Called by ``ComputeTaskManager.rebuild_instance`` (``manager``)."""
    try:
        with instance_action.EventReporter(
                context, instance_action.DATABASE, REBUILD_EVENT,
                manager.host, instance.uuid):
            if request_spec is None:
                request_spec = request_spec_obj.RequestSpec.\
                    get_by_instance_uuid(context, instance.uuid)
            if image is None:
                image = manager.image_api.get(context, image_ref)
            if recreate:
                node = _schedule_evacuation(manager, context, instance, host,
                                            request_spec)
            else:
                node = instance.node
                if scheduler_utils.request_is_rebuild(request_spec):
                    _check_host(manager, context, request_spec)
            manager.compute_rpcapi.rebuild_instance(
                context, instance, orig_image_ref, image_ref, image,
                new_pass, recreate=recreate,
                on_shared_storage=on_shared_storage,
                preserve_ephemeral=preserve_ephemeral,
                scheduled_node=node, request_spec=request_spec)
    except Exception as e:
        LOG.warning('Rebuild failed: %s', e, instance=instance)
        updates = {} if recreate else {'image_ref': orig_image_ref}
        _back_to_previous_state(manager, context, instance, updates,
                                errors.scheduling_error(e), sys.exc_info())


def _check_host(manager, context, request_spec):
    """A new image: can the server's host run it? NoValidHost if not."""
    try:
        manager.scheduler_client.select_destinations(
            context, request_spec, [request_spec.instance_uuid],
            return_alternates=False)
    except Exception as e:
        raise errors.scheduling_error(e)


def _schedule_evacuation(manager, context, instance, host, request_spec):
    """Choose (or check) the destination, claim it, and make it the
    server's host; returns the destination node."""
    source = instance.host
    request_spec.force_hosts = [host] if host else []
    request_spec.ignore_hosts = [] if host else [source]
    selection = scheduling.select_one(manager, context, instance,
                                      request_spec)
    system_metadata = dict(instance.system_metadata or {})
    system_metadata[EVACUATED_FROM] = source
    updates = {'host': selection.service_host, 'node': selection.nodename,
               'system_metadata': system_metadata}
    try:
        instance_obj.Instance.update_by_uuid(
            context, instance.uuid, updates,
            expected_task_state=task_states.REBUILDING)
    except Exception:
        release_on_host(context, instance.uuid, selection.service_host)
        raise
    for name, value in updates.items():
        setattr(instance, name, value)
    instance.obj_reset_changes()
    LOG.info('Evacuating from %s to %s', source, selection.service_host,
             instance=instance)
    return selection.nodename


def release_on_host(context, instance_uuid, host):
    """Give back what ``instance_uuid`` holds on the nodes of ``host``
    (and only there: an evacuated server holds two hosts for a while)."""
    for node in compute_node_obj.ComputeNode.get_all(context, host=host):
        allocations.release(instance_uuid, compute_node_id=node.id)


def _back_to_previous_state(manager, context, instance, updates, error,
                            exc_info):
    """Nothing was rebuilt: no task, the vm_state (and for a rebuild the
    image) it had, and a fault."""
    scheduling.end_with_fault(manager, context, instance, updates,
                              task_states.REBUILDING, error, exc_info)
