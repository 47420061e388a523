"""Resize, confirm and revert a resize, and cold migrate.

``resize`` checks the new flavor (it exists, is enabled, differs, does not
shrink the root disk, fits the quota counted at the larger of the two
flavors), then in one commit sets task_state resize_prep, records the
instance action and a Migration (``pre-migrating``), and casts to the
conductor (``ComputeTaskAPI.migrate_server``), which schedules the new
flavor. ``migrate`` is the same move with the server's own flavor, to
another host. The server then waits in VERIFY_RESIZE (vm_state resized)
holding claims on both hosts until ``confirm_resize`` frees the source or
``revert_resize`` goes back to it; ``[DEFAULT] resize_confirm_window``
confirms by itself.
"""

from oslo_log import log as logging

from minova.compute.api import states
from minova.compute import quota
from minova.compute import vm_states
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import migration as migration_obj
from minova.objects import request_spec as request_spec_obj

LOG = logging.getLogger(__name__)


class ResizeMixin:
    """Resize and migrate (part of :class:`~minova.compute.api.API`)."""

    def resize(self, context, instance, flavor_id=None, host_name=None):
        """Resize ``instance`` to flavor ``flavor_id`` (its API id); without
        one, a cold migration (to ``host_name`` if given)."""
        action = 'resize' if flavor_id is not None else 'migrate'
        states.check(context, instance, action)
        current = instance.flavor
        if flavor_id is None:
            new_flavor = current
        else:
            new_flavor = self._get_flavor(context, flavor_id)
            if new_flavor.flavorid == current.flavorid:
                raise exception.CannotResizeToSameFlavor()
            if new_flavor.root_gb < current.root_gb and \
                    not _volume_backed(instance):
                raise exception.CannotResizeDisk(reason=(
                    'flavor %s has a %d GB root disk, smaller than the '
                    'server\'s %d GB' % (new_flavor.flavorid,
                                         new_flavor.root_gb,
                                         current.root_gb)))
            quota.check_resize(self.conf, context, current, new_flavor,
                               instance=instance)
        if host_name is not None:
            self._check_migrate_host(context, instance, host_name)
        migration = self._start_move(context, instance, action, new_flavor)
        LOG.info('%s to flavor %s (migration %s)', action.capitalize(),
                 new_flavor.flavorid, migration.uuid, instance=instance)
        self.compute_task_api.migrate_server(
            context, instance, new_flavor, migration,
            host_name=host_name)

    def _start_move(self, context, instance, action, new_flavor,
                    migration_type=None, status='pre-migrating'):
        """The action's task_state, the instance action and the Migration
        (``migration_type``: by default ``resize`` or ``migration``), in
        one commit (409 and nothing written if the state changed)."""
        rule = states.ACTIONS[action]
        instance.task_state = rule.task_state
        with instance_obj.writer() as s:
            instance.save(expected_task_state=rule.task_states,
                          expected_vm_state=rule.vm_states, session=s)
            instance_action.InstanceAction.action_start(
                context, instance.uuid, action, session=s)
            return migration_obj.Migration.create_for_instance(
                context, instance, new_flavor, migration_type or (
                    'resize' if action == 'resize' else 'migration'), s,
                status=status)

    def _check_migrate_host(self, context, instance, host_name):
        """2.56: the named host must be a compute, and not the server's."""
        if not compute_node_obj.ComputeNode.get_all(context, host=host_name):
            raise exception.ComputeHostNotFound(host=host_name)
        if host_name == instance.host:
            raise exception.Invalid(reason=(
                'The target host %s is the host the server is on; a '
                'migration needs another one' % host_name))

    def confirm_resize(self, context, instance):
        """Keep the resized server: its source host's copy and claim go."""
        migration = self._end_move(context, instance, 'confirmResize',
                                   'confirming')
        # Later moves (unshelve, migrate) schedule the flavor it has now.
        request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        request_spec.flavor = instance.flavor
        request_spec.save()
        self.compute_rpcapi.confirm_resize(
            context, instance, migration, migration.source_compute)

    def revert_resize(self, context, instance):
        """Go back to the source host and the old flavor."""
        migration = self._end_move(context, instance, 'revertResize',
                                   'reverting')
        self.compute_rpcapi.revert_resize(context, instance, migration,
                                          migration.dest_compute)

    def _end_move(self, context, instance, action, status):
        """Start ``action`` on a server in VERIFY_RESIZE and move its
        finished Migration to ``status`` (409 if another got there)."""
        migration = self._finished_migration(context, instance, action)
        states.start_action(context, instance, action)
        migration_obj.Migration.update_by_uuid(
            context, migration.uuid, {'status': status},
            expected_status=['finished'])
        migration.status = status
        return migration

    def _finished_migration(self, context, instance, action):
        states.check(context, instance, action)
        try:
            return migration_obj.Migration.get_by_instance_and_status(
                context, instance.uuid, 'finished')
        except exception.MigrationNotFound:
            raise exception.InstanceInvalidState(
                action=states.shown_as(action), instance_uuid=instance.uuid,
                attr='migration status', state='none finished')

    def _confirm_resize_on_deleting(self, context, instance):
        """A server deleted in VERIFY_RESIZE: its source copy is freed
        first (confirmed), as Nova does."""
        if instance.vm_state != vm_states.RESIZED:
            return
        try:
            migration = migration_obj.Migration.get_by_instance_and_status(
                context, instance.uuid, 'finished')
            migration_obj.Migration.update_by_uuid(
                context, migration.uuid, {'status': 'confirming'},
                expected_status=['finished'])
        except exception.MigrationNotFound:
            return
        migration.status = 'confirming'
        self.compute_rpcapi.confirm_resize(
            context, instance, migration, migration.source_compute)


def _volume_backed(instance):
    return not instance.image_ref
