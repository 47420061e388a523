"""The conductor's part of rebuild and evacuate (Nova's
``ComputeTaskManager.rebuild_instance``).

A rebuild stays on its host: with a new image, the scheduler first checks
that host against the filters that judge an image (``RUN_ON_REBUILD``,
the host forced, nothing claimed). An evacuation (``recreate``) asks the
scheduler for another host (the source excluded) or checks the one the
admin named, and claims it for the server; its ``evacuation`` Migration
(``accepted``, recorded by the api) gets that destination and
``pre-migrating`` (``error`` if this part fails). The source's claim
stays until its compute comes back and destroys its stale guest. Either
way the cast ``rebuild_instance`` goes to the compute that will run the
server.

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
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import migration as migration_obj
from minova.objects import request_spec as request_spec_obj
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)

REBUILD_EVENT = 'conductor_rebuild_server'


def rebuild_instance(manager, context, instance, orig_image_ref, image_ref,
                     image, new_pass, recreate=False, on_shared_storage=False,
                     preserve_ephemeral=False, host=None, request_spec=None):
    """Called by ``ComputeTaskManager.rebuild_instance`` (``manager``)."""
    migration = _evacuation(context, instance) if recreate else None
    try:
        with instance_action.EventReporter(
                context, instance_action.DATABASE, REBUILD_EVENT,
                manager.host, instance.uuid):
            if request_spec is None:
                request_spec = request_spec_obj.RequestSpec.\
                    get_by_instance_uuid(context, instance.uuid)
            if image is None:
                # A volume-backed server has no image of its own: the one
                # it was built with (its root volume's) is in its spec.
                image = (manager.image_api.get(context, image_ref)
                         if image_ref else request_spec.image)
            if recreate:
                node = _schedule_evacuation(manager, context, instance, host,
                                            request_spec, migration)
            else:
                node = instance.node
                if scheduler_utils.request_is_rebuild(request_spec):
                    _check_host(manager, context, request_spec)
                    _keep_new_image(context, instance, request_spec.image)
            manager.compute_rpcapi.rebuild_instance(
                context, instance, orig_image_ref, image_ref, image,
                new_pass, recreate=recreate,
                on_shared_storage=on_shared_storage,
                preserve_ephemeral=preserve_ephemeral,
                scheduled_node=node, request_spec=request_spec,
                migration=migration)
    except Exception as e:
        exc_info = sys.exc_info()
        LOG.warning('Rebuild failed: %s', e, instance=instance)
        if migration is not None:
            # Before the server leaves its task: whoever sees it ends
            # finds the migration ended too.
            migration_obj.Migration.update_by_uuid(context, migration.uuid,
                                                   {'status': 'error'})
        updates = {} if recreate else {'image_ref': orig_image_ref}
        _back_to_previous_state(manager, context, instance, updates,
                                errors.scheduling_error(e), exc_info)


def _check_host(manager, context, request_spec):
    """A new image: can the server's host run it? NoValidHost if not."""
    try:
        manager.scheduler_client.select_destinations(
            context, request_spec, [request_spec.instance_uuid],
            return_alternates=False)
    except Exception as e:
        raise errors.scheduling_error(e)


def _keep_new_image(context, instance, image):
    """The host can run the new image: the server's stored spec has it,
    so that a later move schedules with that image's properties (the
    stored spec, not this one: the rebuild's check is not kept)."""
    stored = request_spec_obj.RequestSpec.get_by_instance_uuid(
        context, instance.uuid)
    stored.image = image
    stored.save()


def _evacuation(context, instance):
    """The evacuation's Migration the api recorded (``accepted``)."""
    try:
        return migration_obj.Migration.get_by_instance_and_status(
            context, instance.uuid, 'accepted')
    except exception.MigrationNotFound:
        LOG.warning('No accepted evacuation recorded', instance=instance)
        return None


def _schedule_evacuation(manager, context, instance, host, request_spec,
                         migration):
    """Choose (or check) the destination, claim it, and make it the
    server's host (and the migration's destination, ``pre-migrating``);
    returns the destination node."""
    source = instance.host
    request_spec.force_hosts = [host] if host else []
    request_spec.ignore_hosts = [] if host else [source]
    selection = scheduling.select_one(manager, context, instance,
                                      request_spec)
    updates = {'host': selection.service_host, 'node': selection.nodename}
    try:
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance.uuid, updates,
                expected_task_state=task_states.REBUILDING, session=s)
            if migration is not None:
                migration_obj.Migration.update_by_uuid(
                    context, migration.uuid, {
                        'dest_compute': selection.service_host,
                        'dest_host': selection.service_host,
                        'dest_node': selection.nodename,
                        'status': 'pre-migrating'}, session=s)
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
