"""Rebuild and evacuate on the compute (Nova's ``rebuild_instance``).

The conductor casts ``rebuild_instance`` to the host that will run the
server: its own host for a rebuild, the destination it chose and claimed
for an evacuation (``recreate``). The steps are Nova's task states:

================================  ============================================
rebuilding                        the old guest is destroyed (a rebuild; an
                                  evacuated server's guest is on the dead
                                  host); an evacuation claims this host
rebuild_block_device_mapping      the volumes, for the guest to come
rebuild_spawning                  the new guest from the (new) image, with the
                                  new admin password; powered off again if the
                                  server was stopped
================================  ============================================

A driver with a ``rebuild`` of its own does the three in one go; the
default is destroy + spawn. The server ends ACTIVE (or SHUTOFF if it was
stopped, as Nova does) with its new image. If it fails, the server is in
ERROR with a fault (its guest may be gone); an evacuation also gives back
its claim here.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute.manager import common
from minova.compute import task_states as ts
from minova.compute import vm_states

LOG = logging.getLogger(__name__)


class RebuildMixin:
    """Rebuild and evacuate (part of
    :class:`~minova.compute.manager.ComputeManager`)."""

    def rebuild_instance(self, context, instance, orig_image_ref, image_ref,
                         image, new_pass, recreate=False,
                         on_shared_storage=False, preserve_ephemeral=False,
                         scheduled_node=None, request_spec=None,
                         migration=None):
        """Cast from the conductor: a new guest for ``instance`` from
        ``image`` here (``recreate``: it was evacuated to this host, and
        ``migration`` is the evacuation's: ``done``, or ``failed``)."""
        with self._instance_action(context, instance, 'rebuild_instance',
                                   'rebuild', ts.REBUILD_STATES) as event:
            try:
                self._do_rebuild_instance(
                    context, instance, image, new_pass, recreate,
                    preserve_ephemeral, scheduled_node or instance.node)
            except common.DELETED:
                raise
            except Exception:
                with common.logged_and_reraised(
                        'Could not mark the failed rebuild', instance,
                        reraise=False):
                    self._rebuild_failed(context, instance, recreate,
                                         migration)
                raise
            if migration is not None:
                # Before the server shows ACTIVE: whoever sees it there
                # finds the evacuation done.
                self.conductor_api.migration_update(
                    context, migration.uuid, {'status': 'done'})
            was_stopped = instance.vm_state == vm_states.STOPPED
            self._finish_action(
                context, instance, event,
                {'vm_state': (vm_states.STOPPED if was_stopped
                              else vm_states.ACTIVE),
                 'power_state': self._get_power_state(instance),
                 'launched_at': timeutils.utcnow()},
                ts.REBUILD_SPAWNING)
            LOG.info('Instance rebuilt on %s from image %s', self.host,
                     image_ref, instance=instance)

    def _do_rebuild_instance(self, context, instance, image, new_pass,
                             recreate, preserve_ephemeral, node):
        bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
            context, instance.uuid)
        if recreate:
            claim = self.rt.instance_claim(context, instance, node)
        else:
            claim = self.rt.claims.get(instance.uuid)
        flavor = instance.flavor
        allocations = {
            'VCPU': claim.vcpus if claim else flavor.vcpus,
            'MEMORY_MB': claim.memory_mb if claim else flavor.memory_mb,
            'DISK_GB': (claim.disk_gb if claim
                        else flavor.root_gb + flavor.ephemeral_gb)}
        if not self._driver_rebuild(context, instance, image, new_pass,
                                    allocations, bdms, recreate,
                                    preserve_ephemeral):
            self._rebuild_default_impl(context, instance, image, new_pass,
                                       allocations, bdms, recreate)
        if instance.vm_state == vm_states.STOPPED:
            self.driver.power_off(instance)

    def _driver_rebuild(self, context, instance, image, new_pass,
                        allocations, bdms, recreate, preserve_ephemeral):
        """The driver's own rebuild, if it has one: False if not."""
        try:
            self.driver.rebuild(
                context, instance, image, [], new_pass, allocations, bdms,
                None, None, network_info=instance.network_info,
                recreate=recreate, preserve_ephemeral=preserve_ephemeral,
                block_device_info=self._get_instance_block_device_info(
                    context, instance, bdms))
        except NotImplementedError:
            return False
        self._update(context, instance, {'task_state': ts.REBUILD_SPAWNING},
                     expected_task_state=ts.REBUILDING)
        return True

    def _rebuild_default_impl(self, context, instance, image, new_pass,
                              allocations, bdms, recreate):
        """Destroy + spawn, step by step (Nova's default)."""
        if not recreate:
            self.driver.destroy(
                context, instance, instance.network_info,
                block_device_info=self._get_instance_block_device_info(
                    context, instance, bdms))
        self._update(context, instance,
                     {'task_state': ts.REBUILD_BLOCK_DEVICE_MAPPING},
                     expected_task_state=ts.REBUILDING)
        if recreate:
            # The volumes were connected to the dead host: their
            # attachments there end (each replaced by one reserved for the
            # server), then they are connected here.
            self._terminate_volume_connections(context, instance, bdms)
            block_device_info = self._prep_block_device(context, instance,
                                                        bdms)
        else:
            block_device_info = self._get_instance_block_device_info(
                context, instance, bdms)
        self._update(context, instance,
                     {'task_state': ts.REBUILD_SPAWNING},
                     expected_task_state=ts.REBUILD_BLOCK_DEVICE_MAPPING)
        self.driver.spawn(context, instance, image, [], new_pass,
                          allocations, network_info=instance.network_info,
                          block_device_info=block_device_info)

    def _rebuild_failed(self, context, instance, recreate, migration=None):
        """The guest may be gone: ERROR (the action's frame then clears
        the task and records the fault). An evacuation gives back what it
        claimed here."""
        if migration is not None:
            self.conductor_api.migration_update(context, migration.uuid,
                                                {'status': 'failed'})
        if recreate:
            self.driver.destroy(context, instance, instance.network_info)
            self.rt.drop_claim(instance.uuid)
            self.conductor_api.delete_allocation_for_evacuated_instance(
                context, instance.uuid, self.host)
        self._update(context, instance, {'vm_state': vm_states.ERROR},
                     expected_task_state=ts.REBUILD_STATES)
