"""What the conductor's moves of one server share: ask the scheduler for
one host (claimed for the server), with no alternates; and when the move
cannot start, end its task with a fault."""

from oslo_log import log as logging

from minova.conductor import errors
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_fault
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)


def select_one(manager, context, instance, request_spec):
    """The Selection the scheduler chose and claimed for ``instance``
    under ``request_spec`` (its server group brought up to date first);
    the scheduling error (NoValidHost...) as :mod:`errors` names it."""
    request_spec.num_instances = 1
    request_spec.retry = None
    scheduler_utils.setup_instance_group(manager.conf, context, request_spec)
    try:
        host_lists = manager.scheduler_client.select_destinations(
            context, request_spec, [instance.uuid], return_alternates=False)
    except Exception as e:
        raise errors.scheduling_error(e)
    return host_lists[0][0]


def end_with_fault(manager, context, instance, updates, expected_task_state,
                   error, exc_info):
    """The move did not start: ``updates`` and no task (if the instance is
    still in ``expected_task_state``), with a fault, in one commit."""
    try:
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance.uuid, dict(updates, task_state=None),
                expected_task_state=expected_task_state, session=s)
            instance_fault.InstanceFault.create_for_instance(
                context, instance.uuid, instance_fault.fault_values(
                    error, host=manager.host, exc_info=exc_info), session=s)
    except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
        LOG.info('Instance changed meanwhile; nothing to undo',
                 instance=instance)
