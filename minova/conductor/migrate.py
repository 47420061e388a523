"""The conductor's part of a resize and a cold migration.

``migrate_server`` → ``_cold_migrate``: the source host's claim is handed
to the Migration (its uuid becomes the consumer, as in Nova), the
scheduler chooses and claims a destination for the new flavor (the
source host excluded, unless ``[DEFAULT] allow_resize_to_same_host`` and
this is a resize; a host the admin named is the only one, still judged by
the filters), the Migration records the destination, and
``prep_resize`` is cast to it. Whatever goes wrong here leaves the server
where it was: no task in flight, its claim given back to it, the
Migration in ``error``, and a fault and an Error event saying why (for no
room, NoValidHost with the filter chain).

``_poll_unconfirmed_resizes`` confirms the moves that waited in
VERIFY_RESIZE longer than ``[DEFAULT] resize_confirm_window``. Nova runs
it on the computes; here the conductor, which has the database, does.
"""

import datetime
import sys

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import scheduling
from minova import context as minova_context
from minova.db import allocations
from minova import exception
from minova import manager
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.objects import migration as migration_obj
from minova.objects import request_spec as request_spec_obj

LOG = logging.getLogger(__name__)

MIGRATE_EVENT = 'cold_migrate'


def migrate_server(manager, context, instance, flavor, migration,
                   host_name=None):
    """Called by ``ComputeTaskManager.migrate_server`` (``manager``)."""
    try:
        with instance_action.EventReporter(
                context, instance_action.DATABASE, MIGRATE_EVENT,
                manager.host, instance.uuid):
            _cold_migrate(manager, context, instance, flavor, migration,
                          host_name)
    except Exception as e:
        LOG.warning('%s failed: %s', migration.migration_type, e,
                    instance=instance)
        _back_to_source(manager, context, instance, migration, e,
                        sys.exc_info())


def _cold_migrate(manager, context, instance, flavor, migration, host_name):
    request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
        context, instance.uuid)
    request_spec.flavor = flavor
    same_host = (manager.conf.allow_resize_to_same_host and
                 migration.migration_type == 'resize')
    request_spec.ignore_hosts = [] if same_host else [instance.host]
    # A host named at 2.56 is a requested destination, as Nova's: the
    # filters still judge it.
    request_spec.force_hosts = []
    request_spec.requested_destination = host_name
    # The source's claim is the migration's until the confirm (or the
    # revert gives it back): the instance claims the destination.
    allocations.move(instance.uuid, migration.uuid)
    selection = scheduling.select_one(manager, context, instance,
                                      request_spec)
    dest = {'dest_compute': selection.service_host,
            'dest_node': selection.nodename,
            'dest_host': selection.service_host}
    try:
        migration_obj.Migration.update_by_uuid(
            context, migration.uuid, dest, expected_status=['pre-migrating'])
    except Exception:
        allocations.release(instance.uuid)
        raise
    for name, value in dest.items():
        setattr(migration, name, value)
    LOG.info('%s to %s', migration.migration_type.capitalize(),
             selection.service_host, instance=instance)
    manager.compute_rpcapi.prep_resize(
        context, instance, flavor, migration, selection.service_host,
        node=selection.nodename)


def _back_to_source(manager, context, instance, migration, error,
                    exc_info):
    """The move did not start: the instance holds its source claim again,
    no task, the Migration in error, and a fault."""
    held = allocations.get_by_consumer(migration.uuid)
    if held:
        allocations.release(instance.uuid)  # a destination, if claimed
        allocations.move(migration.uuid, instance.uuid)
    try:
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance.uuid, {'task_state': None},
                expected_task_state=task_states.RESIZE_PREP, session=s)
            instance_fault.InstanceFault.create_for_instance(
                context, instance.uuid, instance_fault.fault_values(
                    error, host=manager.host, exc_info=exc_info), session=s)
            migration_obj.Migration.update_by_uuid(
                context, migration.uuid, {'status': 'error'}, session=s)
    except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
        LOG.info('Instance changed meanwhile; nothing to undo',
                 instance=instance)


#: The task states of a move, which a dead compute can leave behind.
MOVE_TASK_STATES = task_states.RESIZE_STATES + (
    task_states.RESIZE_REVERTING, task_states.RESIZE_CONFIRMING)


def end_stuck_move(context, instance, is_up):
    """A move whose task made no progress: if a host of it is down (as
    ``is_up(host)`` says), give its claims back and return why and the
    instance's updates; None to leave it to its computes. A confirm ends
    on the destination (the server lives there); anything else goes back
    to the source, with its old flavor and the source's claim. The
    migration ends in ``error``."""
    found = migration_obj.Migration.get_all(context, {
        'instance_uuid': instance.uuid,
        'status': list(migration_obj.IN_PROGRESS)}, limit=1)
    migration = found[0] if found else None
    hosts = {instance.host}
    if migration is not None:
        hosts |= {migration.source_compute, migration.dest_compute}
    down = sorted(host for host in hosts if host and not is_up(host))
    if not down:
        return None
    updates = {'task_state': None}
    system_metadata = dict(instance.system_metadata or {})
    old_vm_state = system_metadata.pop('old_vm_state', None)
    if instance.vm_state == vm_states.RESIZED:
        updates.update(vm_state=old_vm_state or vm_states.ACTIVE,
                       system_metadata=system_metadata)
    if migration is not None:
        if instance.task_state == task_states.RESIZE_CONFIRMING:
            allocations.release(migration.uuid)
        elif allocations.get_by_consumer(migration.uuid):
            allocations.release(instance.uuid)
            allocations.move(migration.uuid, instance.uuid)
            updates.update(host=migration.source_compute,
                           node=migration.source_node,
                           flavor=migration.old_flavor)
        migration_obj.Migration.update_by_uuid(context, migration.uuid,
                                               {'status': 'error'})
    return 'host %s of its move is down' % ', '.join(down), updates


class UnconfirmedResizesMixin:
    """Part of :class:`~minova.conductor.manager.ConductorManager`."""

    @manager.periodic_task()
    def _poll_unconfirmed_resizes(self, context):
        window = self.conf.resize_confirm_window
        if window <= 0:
            return
        before = timeutils.utcnow() - datetime.timedelta(seconds=window)
        for migration in migration_obj.Migration.get_unconfirmed(context,
                                                                 before):
            try:
                instance = instance_obj.Instance.get_by_uuid(
                    context, migration.instance_uuid)
                # The confirm's instance action: a request id of its own,
                # on behalf of the server's user and project (as Nova's).
                confirm_context = minova_context.RequestContext(
                    user_id=instance.user_id,
                    project_id=instance.project_id, is_admin=True,
                    roles=['admin'], overwrite=False)
                LOG.info('Confirming migration %s: it waited more than '
                         'resize_confirm_window (%d s)', migration.uuid,
                         window, instance=instance)
                self._local_compute_api().confirm_resize(confirm_context,
                                                         instance)
            except (exception.InstanceNotFound, exception.Conflict,
                    exception.MigrationNotFound) as e:
                LOG.info('Not confirming migration %s: %s', migration.uuid,
                         e)
            except Exception:
                LOG.exception('Could not confirm migration %s',
                              migration.uuid)
