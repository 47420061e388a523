"""A virt driver that keeps its guests in memory.

It is minova's default driver: tests, minova-all and the boot benchmark use
it, so it must be cheap (a dict under a lock, no per-call I/O) and safe when
builds run in parallel threads. Each driver object is one hypervisor: several
computes in one process each have their own.

``[fake_driver]`` options make it slow (``spawn_delay``), make it fail
(``fail_spawn_on_hosts``, to exercise rescheduling) and size it
(``vcpus``, ``memory_mb``, ``local_gb``).
"""

import json
import threading
import time

from oslo_log import log as logging

from minova.compute import power_state
from minova import exception
from minova.virt import driver

LOG = logging.getLogger(__name__)


def _connect_volumes(guest, block_device_info):
    """Connect the volumes of ``block_device_info`` to ``guest`` (by
    mountpoint, their connection_info as given)."""
    for bdm in (block_device_info or {}).get('block_device_mapping', ()):
        guest.volumes[bdm['mount_device']] = bdm['connection_info']


class FakeGuest:
    """One guest: what it was given and what state it is in."""

    __slots__ = ('uuid', 'name', 'state', 'vcpus', 'memory_mb', 'local_gb',
                 'volumes', 'key_data')

    def __init__(self, instance, state=power_state.RUNNING):
        flavor = instance.flavor
        self.uuid = instance.uuid
        self.name = instance.name
        self.state = state
        self.vcpus = flavor.vcpus
        self.memory_mb = flavor.memory_mb
        self.local_gb = flavor.root_gb + flavor.ephemeral_gb
        # mountpoint -> connection_info
        self.volumes = {}
        # The public key of the server's keypair, which a real hypervisor
        # would hand the guest (config drive, metadata service).
        self.key_data = instance.key_data


class FakeDriver(driver.ComputeDriver):
    """An in-memory hypervisor, keyed by instance uuid."""

    capabilities = {
        'supports_attach_volume': True,
        'supports_pause': True,
        'supports_suspend': True,
        'supports_reboot': True,
    }

    def __init__(self, conf, virtapi=None):
        super().__init__(conf, virtapi)
        self._guests = {}
        # uuid -> the guest a resize took off this host, kept for a revert.
        self._resizing = {}
        self._lock = threading.Lock()

    # -- guests ------------------------------------------------------------

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        options = self.conf.fake_driver
        if options.spawn_delay:
            time.sleep(options.spawn_delay)
        if self._hostname in options.fail_spawn_on_hosts:
            raise exception.InstanceDeployFailure(
                instance_uuid=instance.uuid,
                reason='[fake_driver] fail_spawn_on_hosts lists host %s' %
                self._hostname)
        guest = FakeGuest(instance)
        _connect_volumes(guest, block_device_info)
        with self._lock:
            if instance.uuid in self._guests:
                raise exception.InstanceExists(name=instance.name)
            self._guests[instance.uuid] = guest
        LOG.debug('Spawned fake guest %s (%s)', instance.name, instance.uuid)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        with self._lock:
            self._guests.pop(instance.uuid, None)

    def _set_state(self, instance, state, allowed_from=None):
        """Move a guest to ``state``; refuse moves the hypervisor would."""
        with self._lock:
            guest = self._get_guest(instance)
            if allowed_from is not None and guest.state not in allowed_from:
                raise exception.InstanceInvalidState(
                    action='set power state %s' %
                    power_state.STATE_MAP[state],
                    instance_uuid=instance.uuid, attr='power_state',
                    state=power_state.STATE_MAP[guest.state])
            guest.state = state

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        self._set_state(instance, power_state.RUNNING)

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._set_state(instance, power_state.SHUTDOWN)

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        self._set_state(instance, power_state.RUNNING)

    def pause(self, instance):
        self._set_state(instance, power_state.PAUSED,
                        allowed_from=(power_state.RUNNING,))

    def unpause(self, instance):
        self._set_state(instance, power_state.RUNNING,
                        allowed_from=(power_state.PAUSED,))

    def suspend(self, context, instance):
        self._set_state(instance, power_state.SUSPENDED,
                        allowed_from=(power_state.RUNNING,))

    def resume(self, context, instance, network_info,
               block_device_info=None):
        self._set_state(instance, power_state.RUNNING,
                        allowed_from=(power_state.SUSPENDED,))

    def snapshot(self, context, instance, image_path):
        """A small raw file naming the guest: cheap, and a test can tell
        which guest an image came from."""
        with self._lock:
            self._get_guest(instance)
        with open(image_path, 'wb') as f:
            f.write(b'minova fake snapshot of %s\n' % instance.uuid.encode())
        return 'raw'

    # -- resize and cold migrate -------------------------------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        """The guest stops, its volumes are disconnected from this host,
        and it waits aside for a confirm or a revert."""
        with self._lock:
            guest = self._get_guest(instance)
            guest.state = power_state.SHUTDOWN
            guest.volumes.clear()
            self._resizing[instance.uuid] = self._guests.pop(instance.uuid)
        return json.dumps({'from': self._hostname, 'to': dest})

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations, block_device_info=None, power_on=True):
        if self._hostname in self.conf.fake_driver.fail_spawn_on_hosts:
            raise exception.InstanceDeployFailure(
                instance_uuid=instance.uuid,
                reason='[fake_driver] fail_spawn_on_hosts lists host %s' %
                self._hostname)
        guest = FakeGuest(instance, power_state.RUNNING if power_on
                          else power_state.SHUTDOWN)
        _connect_volumes(guest, block_device_info)
        with self._lock:
            self._guests[instance.uuid] = guest

    def confirm_migration(self, context, migration, instance, network_info):
        with self._lock:
            self._resizing.pop(instance.uuid, None)

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        with self._lock:
            guest = self._resizing.pop(instance.uuid, None) or \
                self._guests.get(instance.uuid) or FakeGuest(instance)
            guest.state = (power_state.RUNNING if power_on
                           else power_state.SHUTDOWN)
            if block_device_info is not None:
                guest.volumes.clear()
                _connect_volumes(guest, block_device_info)
            self._guests[instance.uuid] = guest

    def get_info(self, instance):
        with self._lock:
            guest = self._get_guest(instance)
            return driver.InstanceInfo(state=guest.state,
                                       internal_id=guest.name)

    def list_instances(self):
        with self._lock:
            return [guest.name for guest in self._guests.values()]

    def list_instance_uuids(self):
        with self._lock:
            return list(self._guests)

    def instance_exists(self, instance):
        return instance.uuid in self._guests

    def _get_guest(self, instance):
        """The guest of ``instance``; the caller holds ``self._lock``."""
        try:
            return self._guests[instance.uuid]
        except KeyError:
            raise exception.InstanceNotFound(instance_id=instance.uuid)

    # -- the host's resources ----------------------------------------------

    def get_available_resource(self, nodename):
        """The ``[fake_driver]`` sizes, and what the guests use of them.

        A powered-off guest still counts: it keeps its resources so that it
        can be powered on again, as on a real host.
        """
        options = self.conf.fake_driver
        with self._lock:
            guests = list(self._guests.values())
        return {
            'vcpus': options.vcpus,
            'memory_mb': options.memory_mb,
            'local_gb': options.local_gb,
            'vcpus_used': sum(g.vcpus for g in guests),
            'memory_mb_used': sum(g.memory_mb for g in guests),
            'local_gb_used': sum(g.local_gb for g in guests),
            'running_vms': len(guests),
            'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({
                'arch': 'x86_64', 'model': 'fake', 'vendor': 'minova',
                'topology': {'sockets': 1, 'cores': options.vcpus,
                             'threads': 1},
                'features': []}),
            'supported_instances': [['x86_64', 'fake', 'hvm']],
        }

    def get_host_ip_addr(self):
        return '127.0.0.1'

    def get_host_uptime(self):
        # A fixed line in the command's format (Nova's fake has one too).
        return (' 08:32:11 up 93 days, 18:25, 12 users,  load average:'
                ' 0.20, 0.12, 0.14')

    # -- volumes -----------------------------------------------------------

    def get_volume_connector(self, instance):
        return {'ip': self.get_host_ip_addr(), 'host': self._hostname,
                'initiator': 'iqn.2010-10.org.minova:%s' % self._hostname}

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        with self._lock:
            guest = self._get_guest(instance)
            if mountpoint in guest.volumes:
                raise exception.Conflict(
                    reason='%s of instance %s is in use' % (
                        mountpoint, instance.uuid))
            guest.volumes[mountpoint] = connection_info

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        with self._lock:
            guest = self._guests.get(instance.uuid)
            if guest is not None:
                guest.volumes.pop(mountpoint, None)

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        with self._lock:
            guest = self._get_guest(instance)
            if mountpoint not in guest.volumes:
                raise exception.DiskNotFound(location=mountpoint)
            guest.volumes[mountpoint] = new_connection_info

    def get_attached_volumes(self, instance):
        """``{mountpoint: connection_info}``: for tests to look inside."""
        with self._lock:
            return dict(self._get_guest(instance).volumes)
