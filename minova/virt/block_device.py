"""Volume block devices as the compute attaches them (Nova's
``nova/virt/block_device.py``, for volumes).

:class:`DriverVolumeBlockDevice` wraps a BlockDeviceMapping of a volume
and runs the host side of Cinder's attachment: the host's connector
(``driver.get_volume_connector``), the volume service's
``attachment_update`` (which answers ``connection_info`` with a
``driver_volume_type``), the virt driver's ``attach_volume``, then
``attachment_complete``. At a boot the guest does not exist yet: the build
attaches with ``do_driver_attach=False`` and spawn connects the volumes
from ``block_device_info``. The subclasses first create the volume the
mapping asks for (from a snapshot, an image, or blank) and wait for it.
The compute passes the volume API it reaches (through the conductor);
this module touches no database.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils

LOG = logging.getLogger(__name__)


class DriverVolumeBlockDevice:
    """One volume of an instance, from the host's side."""

    def __init__(self, bdm, save=None):
        """``save(bdm)`` stores what changed of the mapping: its new
        volume, attachment and connection_info (through the conductor, on
        a compute)."""
        self.bdm = bdm
        self._save = save or (lambda bdm: None)

    def driver_info(self):
        """This volume as the virt driver's ``block_device_info`` lists it
        (:mod:`minova.virt.libvirt.blockinfo`)."""
        return {'connection_info': self.connection_info,
                'mount_device': self.bdm.device_name,
                'boot_index': self.bdm.boot_index,
                'disk_bus': self.bdm.disk_bus,
                'device_type': self.bdm.device_type,
                'delete_on_termination': self.bdm.delete_on_termination}

    @property
    def mountpoint(self):
        return self.bdm.device_name

    @property
    def connection_info(self):
        info = self.bdm.connection_info
        return jsonutils.loads(info) if info else None

    def attach(self, context, instance, volume_api, virt_driver,
               do_driver_attach=True):
        """Attach the volume to the guest (or, at a boot, only get its
        ``connection_info``: spawn connects it); on failure nothing is
        left attached on the host (the caller deletes the attachment)."""
        if not self.bdm.attachment_id:
            # A volume the build created: reserve it for the server now.
            self.bdm.attachment_id = volume_api.attachment_create(
                context, self.bdm.volume_id, instance.uuid)['id']
            self._save(self.bdm)
        return self._do_attach(context, instance, volume_api, virt_driver,
                               do_driver_attach)

    def _do_attach(self, context, instance, volume_api, virt_driver,
                   do_driver_attach):
        connector = virt_driver.get_volume_connector(instance)
        connection_info = self._volume_attach(context, instance, volume_api,
                                              virt_driver, connector,
                                              do_driver_attach)
        # Stored before the volume shows in-use: a detach that follows at
        # once must find what to detach.
        self._save(self.bdm)
        volume_api.attachment_complete(context, self.bdm.attachment_id)
        return connection_info

    def _volume_attach(self, context, instance, volume_api, virt_driver,
                       connector, do_driver_attach):
        connection_info = self._connection_info_for(context, volume_api,
                                                    connector)
        if do_driver_attach:
            virt_driver.attach_volume(
                context, connection_info, instance, self.mountpoint,
                disk_bus=self.bdm.disk_bus,
                device_type=self.bdm.device_type)
        self.bdm.connection_info = jsonutils.dumps(connection_info)
        LOG.info('Attached volume %s at %s', self.bdm.volume_id,
                 self.mountpoint, instance=instance)
        return connection_info

    def _connection_info_for(self, context, volume_api, connector):
        """The attachment given ``connector``: its connection_info, with
        the connector stashed in it (as Nova does: the mapping tells which
        host the volume is connected to)."""
        attachment = volume_api.attachment_update(
            context, self.bdm.attachment_id, connector, self.mountpoint)
        return dict(attachment['connection_info'], connector=connector)

    def refresh_connection_info(self, context, instance, volume_api,
                                virt_driver):
        """The server moved to this host (a resize, a revert): its
        attachment gets this host's connector and the mapping the new
        connection_info; the driver connects it from
        ``block_device_info``."""
        connector = virt_driver.get_volume_connector(instance)
        self.bdm.connection_info = jsonutils.dumps(self._connection_info_for(
            context, volume_api, connector))
        self._save(self.bdm)

    def detach(self, context, instance, volume_api, virt_driver):
        """Detach from the guest (if it has it) and delete the
        attachment: the volume is available again."""
        # By its mountpoint, whatever the mapping recorded.
        virt_driver.detach_volume(context, self.connection_info or {},
                                  instance, self.mountpoint)
        volume_api.attachment_delete(context, self.bdm.attachment_id)
        LOG.info('Detached volume %s from %s', self.bdm.volume_id,
                 self.mountpoint, instance=instance)


class DriverSnapshotBlockDevice(DriverVolumeBlockDevice):
    """A volume the build creates from a snapshot, then attaches."""

    def attach(self, context, instance, volume_api, virt_driver,
               wait_func=None, availability_zone=None,
               do_driver_attach=False):
        if not self.bdm.volume_id:
            self._create_volume(context, instance, volume_api, wait_func,
                                availability_zone)
        return super().attach(context, instance, volume_api, virt_driver,
                              do_driver_attach=do_driver_attach)

    def _source(self):
        """The back end's ``create`` arguments naming the data."""
        return {'snapshot_id': self.bdm.snapshot_id}

    def _create_volume(self, context, instance, volume_api, wait_func,
                       availability_zone):
        """Create the volume, record it on the mapping at once (a failed
        build's delete must find it), and wait until it is available."""
        volume = volume_api.create(
            context, self.bdm.volume_size,
            name='%s-%s-vol' % (instance.uuid, self.bdm.source_type),
            availability_zone=availability_zone, **self._source())
        self.bdm.volume_id = volume['id']
        self._save(self.bdm)
        LOG.info('Created volume %s (%d GB) from %s', volume['id'],
                 self.bdm.volume_size, self.bdm.source_type,
                 instance=instance)
        # A back end that made it at once (minova's local) answers
        # available: nothing to wait for.
        if wait_func is not None and volume['status'] != 'available':
            wait_func(context, volume['id'])


class DriverImageBlockDevice(DriverSnapshotBlockDevice):
    """A volume the build creates holding an image, then attaches."""

    def _source(self):
        return {'image_id': self.bdm.image_id}


class DriverBlankBlockDevice(DriverSnapshotBlockDevice):
    """An empty volume the build creates, then attaches."""

    def _source(self):
        return {}


_BY_SOURCE = {'volume': DriverVolumeBlockDevice,
              'snapshot': DriverSnapshotBlockDevice,
              'image': DriverImageBlockDevice,
              'blank': DriverBlankBlockDevice}


def convert_volumes(block_device_mapping, save=None):
    """The driver block devices of the mappings that go to a volume."""
    return [_BY_SOURCE[bdm.source_type](bdm, save=save)
            for bdm in block_device_mapping if bdm.is_volume]


def attach_block_devices(block_device_mapping, context, instance,
                         volume_api, virt_driver, **create_kwargs):
    """Attach each for a boot (spawn connects them), in order: a volume
    to create is created first (``create_kwargs``: ``wait_func``,
    ``availability_zone``). The first failure stops, and is raised."""
    for driver_bdm in block_device_mapping:
        kwargs = (create_kwargs if isinstance(
            driver_bdm, DriverSnapshotBlockDevice) else {})
        driver_bdm.attach(context, instance, volume_api, virt_driver,
                          do_driver_attach=False, **kwargs)
    return block_device_mapping
