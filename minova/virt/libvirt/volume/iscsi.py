"""``iscsi`` volumes: os-brick logs this host in to the target and finds the
LUN's block device (``/dev/disk/by-path/...``, or a multipath device), which
the guest gets as ``<disk type='block'>``.

The host needs open-iscsi (``iscsiadm``, ``iscsid`` running, an initiator
name in ``/etc/iscsi/initiatorname.iscsi``, which
:meth:`~minova.virt.libvirt.driver.LibvirtDriver.get_volume_connector`
reports to the volume service) and, with ``[libvirt]
volume_use_multipath``, multipathd.
"""

from os_brick import exception as brick_exception
from os_brick import initiator
from os_brick.initiator import connector
from oslo_log import log as logging

from minova.virt.libvirt.volume import brick
from minova.virt.libvirt.volume import volume

LOG = logging.getLogger(__name__)


class LibvirtISCSIVolumeDriver(volume.LibvirtBaseVolumeDriver):
    """An iSCSI LUN through os-brick's ISCSIConnector."""

    def __init__(self, host, conf):
        super().__init__(host, conf)
        brick.setup(conf)
        self.connector = connector.InitiatorConnector.factory(
            initiator.ISCSI, brick.ROOT_HELPER,
            use_multipath=conf.libvirt.volume_use_multipath,
            device_scan_attempts=conf.libvirt.num_volume_scan_tries)

    def connect_volume(self, connection_info, instance):
        """Log in and wait for the device; its path goes into
        ``data['device_path']``."""
        LOG.debug('Connecting iSCSI volume %s through os-brick',
                  volume.volume_id(connection_info), instance=instance)
        device_info = self.connector.connect_volume(connection_info['data'])
        connection_info['data']['device_path'] = device_info['path']
        LOG.info('Connected iSCSI volume %s as %s',
                 volume.volume_id(connection_info), device_info['path'],
                 instance=instance)

    def disconnect_volume(self, connection_info, instance):
        """Flush and remove the device, and log out of a target that no
        other LUN of this host uses (os-brick decides)."""
        try:
            self.connector.disconnect_volume(connection_info['data'], None)
        except brick_exception.VolumeDeviceNotFound as e:
            LOG.warning('iSCSI volume %s was not connected: %s',
                        volume.volume_id(connection_info), e,
                        instance=instance)

    def get_config(self, connection_info, disk_info):
        conf = super().get_config(connection_info, disk_info)
        conf.source_type = 'block'
        conf.source_path = volume.require(connection_info, 'device_path')
        # O_DIRECT is set (cache 'none'): native AIO is what fits it.
        conf.driver_io = 'native'
        return conf
