"""The conductor's part of unshelve: schedule an offloaded server again.

A shelved (not offloaded) server still has its guest: the unshelve goes
back to its host. An offloaded one is scheduled like a boot (its stored
request spec, the scheduler's ``select_destinations`` and its claim),
given the chosen host, and the compute spawns it from its snapshot image.
Anything that goes wrong here ends with the server offloaded again, no
task in flight and a fault saying why: an unshelve never hangs.
"""

import sys

from oslo_log import log as logging

from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import errors
from minova.db import allocations
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.objects import request_spec as request_spec_obj
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)

UNSHELVE_EVENT = 'conductor_unshelve_instance'


def unshelve_instance(manager, context, instance, request_spec=None):
    """Called by ``ComputeTaskManager.unshelve_instance`` (``manager``)."""
    try:
        with instance_action.EventReporter(
                context, instance_action.DATABASE, UNSHELVE_EVENT,
                manager.host, instance.uuid):
            if instance.vm_state == vm_states.SHELVED:
                manager.compute_rpcapi.unshelve_instance(
                    context, instance, instance.host, request_spec,
                    node=instance.node)
            else:
                _schedule_and_unshelve(manager, context, instance,
                                       request_spec)
    except Exception as e:
        LOG.warning('Unshelve failed: %s', e, instance=instance)
        _back_to_offloaded(manager, context, instance, e, sys.exc_info())


def _schedule_and_unshelve(manager, context, instance, request_spec):
    if request_spec is None:
        request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
    image_id = (instance.system_metadata or {}).get('shelved_image_id')
    if image_id is None:
        # Volume-backed: its root volume is its disk; the image it booted
        # with gives the guest's properties.
        image = request_spec.image
    else:
        try:
            image = manager.image_api.get(context, image_id)
        except exception.ImageNotFound:
            raise exception.UnshelveException(
                instance_uuid=instance.uuid,
                reason='its snapshot image %s is gone' % image_id)
    request_spec.num_instances = 1
    request_spec.ignore_hosts = []
    request_spec.retry = None
    scheduler_utils.setup_instance_group(manager.conf, context, request_spec)
    selection = errors.select_destination(
        manager.scheduler_client, context, request_spec, instance.uuid)
    updates = {'host': selection.service_host, 'node': selection.nodename}
    if not instance.availability_zone:
        updates['availability_zone'] = selection.availability_zone
    try:
        instance_obj.Instance.update_by_uuid(
            context, instance.uuid, updates,
            expected_task_state=task_states.UNSHELVING)
    except Exception:
        allocations.release(instance.uuid)
        raise
    for name, value in updates.items():
        setattr(instance, name, value)
    instance.obj_reset_changes()
    LOG.info('Unshelving on %s', selection.service_host, instance=instance)
    manager.compute_rpcapi.unshelve_instance(
        context, instance, selection.service_host, request_spec, image=image,
        node=selection.nodename)


def _back_to_offloaded(manager, context, instance, error, exc_info):
    """The unshelve did not start: no task, the vm_state it had (an
    offloaded server also gives back any claim and host), and a fault."""
    updates = {'task_state': None}
    if instance.vm_state == vm_states.SHELVED_OFFLOADED:
        allocations.release(instance.uuid)
        updates.update(host=None, node=None)
    try:
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance.uuid, updates,
                expected_task_state=task_states.UNSHELVING, session=s)
            instance_fault.InstanceFault.create_for_instance(
                context, instance.uuid, instance_fault.fault_values(
                    error, host=manager.host, exc_info=exc_info), session=s)
    except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
        LOG.info('Instance changed meanwhile; nothing to undo',
                 instance=instance)
