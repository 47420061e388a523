"""Shelve, offload and unshelve on the compute.

``shelve_instance`` powers the guest off and writes its disk into the
snapshot image the api reserved (vm_state shelved); with ``[DEFAULT]
shelved_offload_time = 0`` it offloads at once, otherwise
``_poll_shelved_instances`` offloads it once that time has passed (never
with -1: only ``shelveOffload`` does). Offloading destroys the guest and
frees this host (vm_state shelved_offloaded, no host); the server keeps
its addresses, as Nova's keeps its ports. ``unshelve_instance`` (cast by
the conductor, which scheduled it) spawns it again from the snapshot,
which is then deleted.
"""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute.manager import common
from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova import manager

LOG = logging.getLogger(__name__)

_SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')


class ShelveMixin:
    """Shelving (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def shelve_instance(self, context, instance, image_id=None,
                        clean_shutdown=True):
        offload = self.conf.shelved_offload_time == 0
        in_flight = (task_states.SHELVING,
                     task_states.SHELVING_IMAGE_UPLOADING,
                     task_states.SHELVING_OFFLOADING)
        with self._instance_action(context, instance, 'shelve_instance',
                                   'shelve', in_flight) as event:
            self._power_off_instance(instance, clean_shutdown)
            self._snapshot_to_image(context, instance, image_id,
                                    task_states.SHELVING,
                                    task_states.SHELVING_IMAGE_UPLOADING)
            self._update(
                context, instance,
                {'vm_state': vm_states.SHELVED,
                 'task_state': (task_states.SHELVING_OFFLOADING if offload
                                else None),
                 'power_state': self._get_power_state(instance),
                 'system_metadata': _shelved(instance, image_id, self.host)},
                expected_task_state=task_states.SHELVING_IMAGE_UPLOADING,
                event_start=event.finish_values())
            if offload:
                self._notify(context, 'instance.shelve_offload.start',
                             instance)
                self._shelve_offload(context, instance, self._new_event(
                    context, instance, 'shelve_offload_instance'))
                self._notify(context, 'instance.shelve_offload.end',
                             instance)

    def shelve_offload_instance(self, context, instance, clean_shutdown=True):
        """Cast for shelveOffload, and for the shelve of a volume-backed
        server (which has nothing to snapshot: task_state shelving)."""
        in_flight = (task_states.SHELVING_OFFLOADING, task_states.SHELVING)
        with self._instance_action(context, instance,
                                   'shelve_offload_instance',
                                   'shelve_offload', in_flight) as event:
            self._power_off_instance(instance, clean_shutdown)
            self._shelve_offload(context, instance, event, in_flight)

    def _shelve_offload(self, context, instance, event,
                        in_flight=task_states.SHELVING_OFFLOADING):
        """Destroy the guest, free this host (its volumes stay the
        server's, without this host's connection), and record the offload
        (``event``: its compute_shelve_offload_instance event)."""
        bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
            context, instance.uuid)
        self.driver.destroy(
            context, instance, instance.network_info,
            block_device_info=self._get_instance_block_device_info(
                context, instance, bdms))
        self._terminate_volume_connections(context, instance, bdms)
        self.conductor_api.delete_allocation_for_instance(context,
                                                          instance.uuid)
        self.rt.drop_claim(instance.uuid)
        system_metadata = instance.system_metadata or {}
        if 'shelved_at' not in system_metadata:  # a volume-backed shelve
            system_metadata = _shelved(instance, None, self.host)
        self._finish_action(
            context, instance, event,
            {'vm_state': vm_states.SHELVED_OFFLOADED,
             'power_state': power_state.NOSTATE, 'host': None,
             'node': None, 'system_metadata': system_metadata}, in_flight)
        LOG.info('Instance offloaded from %s', self.host, instance=instance)

    @manager.periodic_task(spacing='shelved_poll_interval')
    def _poll_shelved_instances(self, context):
        """Offload what was shelved here more than ``[DEFAULT]
        shelved_offload_time`` seconds ago."""
        offload_time = self.conf.shelved_offload_time
        if offload_time <= 0:
            return
        cutoff = timeutils.utcnow() - datetime.timedelta(
            seconds=offload_time)
        for instance in self.conductor_api.instance_get_all_by_host(
                context, self.host):
            shelved_at = (instance.system_metadata or {}).get('shelved_at')
            if instance.vm_state != vm_states.SHELVED or \
                    instance.task_state is not None or not shelved_at or \
                    timeutils.parse_isotime(shelved_at).replace(
                        tzinfo=None) > cutoff:
                continue
            try:
                # Taken first, so a user's unshelve cannot race it.
                self._update(
                    context, instance,
                    {'task_state': task_states.SHELVING_OFFLOADING},
                    expected_task_state=[None],
                    expected_vm_state=vm_states.SHELVED)
            except (exception.Conflict, exception.InstanceNotFound) as e:
                LOG.info('Not offloading: %s', e, instance=instance)
                continue
            LOG.info('Offloading, shelved since %s', shelved_at,
                     instance=instance)
            self.shelve_offload_instance(context, instance,
                                         clean_shutdown=False)

    def unshelve_instance(self, context, instance, request_spec=None,
                          image=None, node=None):
        """Cast from the conductor: spawn the offloaded ``instance`` here
        from its snapshot ``image`` (or power on a shelved one that never
        left), delete the snapshot, then show it ACTIVE."""
        with self._instance_action(context, instance, 'unshelve_instance',
                                   'unshelve',
                                   task_states.UNSHELVING) as event:
            if instance.vm_state == vm_states.SHELVED:
                self.driver.power_on(context, instance,
                                     instance.network_info)
            else:
                self._spawn_unshelved(context, instance, image,
                                      node or self.host)
            # The snapshot goes before the server shows ACTIVE, as in
            # Nova: a client that sees it ACTIVE finds the image gone.
            image_id = (instance.system_metadata or {}).get(
                'shelved_image_id')
            if image_id:
                with common.logged_and_reraised(
                        'Could not delete the snapshot image %s' % image_id,
                        instance, reraise=False):
                    self.conductor_api.image_delete(context, image_id)
            self._finish_action(
                context, instance, event,
                {'vm_state': vm_states.ACTIVE,
                 'power_state': self._get_power_state(instance),
                 'system_metadata': {
                     key: value for key, value in
                     (instance.system_metadata or {}).items()
                     if key not in _SHELVED_KEYS}},
                task_states.UNSHELVING)

    def _spawn_unshelved(self, context, instance, image, node):
        """Claim, connect the volumes to this host and spawn; on failure
        give this host back (no claim, no host, no volume connection)
        before the failure is recorded."""
        bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
            context, instance.uuid)
        block_device_info = None
        try:
            with self.rt.instance_claim(context, instance, node) as claim:
                block_device_info = self._prep_block_device(context,
                                                            instance, bdms)
                self.driver.spawn(
                    context, instance, image, [], None,
                    {'VCPU': claim.vcpus, 'MEMORY_MB': claim.memory_mb,
                     'DISK_GB': claim.disk_gb},
                    network_info=instance.network_info,
                    block_device_info=block_device_info)
        except Exception:
            with common.logged_and_reraised(
                    'Could not give back the host of a failed unshelve',
                    instance, reraise=False):
                self.driver.destroy(context, instance, instance.network_info,
                                    block_device_info)
                self._terminate_volume_connections(context, instance, bdms)
                self.conductor_api.delete_allocation_for_instance(
                    context, instance.uuid)
                self._update(context, instance, {'host': None, 'node': None},
                             expected_task_state=task_states.UNSHELVING)
            raise


def _shelved(instance, image_id, host):
    """The instance's system_metadata with the shelve's keys set."""
    values = dict(instance.system_metadata or {},
                  shelved_at=timeutils.utcnow().isoformat(),
                  shelved_host=host)
    if image_id:
        values['shelved_image_id'] = image_id
    return values
