"""A volume block device as the compute attaches it (Nova's
``nova/virt/block_device.py``, for volumes).

:class:`DriverVolumeBlockDevice` wraps a BlockDeviceMapping of a volume
and runs the host side of Cinder's attachment: the host's connector
(``driver.get_volume_connector``), the volume service's
``attachment_update`` (which answers ``connection_info`` with a
``driver_volume_type``), the virt driver's ``attach_volume``, then
``attachment_complete``. The compute passes the volume API it reaches
(through the conductor); this module touches no database.
"""

from oslo_log import log as logging
from oslo_serialization import jsonutils

LOG = logging.getLogger(__name__)


class DriverVolumeBlockDevice:
    """One volume of an instance, from the host's side."""

    def __init__(self, bdm, save=None):
        """``save(bdm)`` stores the mapping's connection_info (through
        the conductor, on a compute)."""
        self.bdm = bdm
        self._save = save or (lambda bdm: None)

    @property
    def mountpoint(self):
        return self.bdm.device_name

    @property
    def connection_info(self):
        info = self.bdm.connection_info
        return jsonutils.loads(info) if info else None

    def attach(self, context, instance, volume_api, virt_driver):
        """Attach the volume to the guest; on failure nothing is left
        attached on the host (the caller deletes the attachment)."""
        return self._do_attach(context, instance, volume_api, virt_driver)

    def _do_attach(self, context, instance, volume_api, virt_driver):
        connector = virt_driver.get_volume_connector(instance)
        connection_info = self._volume_attach(context, instance, volume_api,
                                              virt_driver, connector)
        # Stored before the volume shows in-use: a detach that follows at
        # once must find what to detach.
        self._save(self.bdm)
        volume_api.attachment_complete(context, self.bdm.attachment_id)
        return connection_info

    def _volume_attach(self, context, instance, volume_api, virt_driver,
                       connector):
        attachment = volume_api.attachment_update(
            context, self.bdm.attachment_id, connector, self.mountpoint)
        connection_info = attachment['connection_info']
        virt_driver.attach_volume(
            context, connection_info, instance, self.mountpoint,
            disk_bus=self.bdm.disk_bus, device_type=self.bdm.device_type)
        self.bdm.connection_info = jsonutils.dumps(connection_info)
        LOG.info('Attached volume %s at %s', self.bdm.volume_id,
                 self.mountpoint, instance=instance)
        return connection_info

    def detach(self, context, instance, volume_api, virt_driver):
        """Detach from the guest (if it has it) and delete the
        attachment: the volume is available again."""
        # By its mountpoint, whatever the mapping recorded.
        virt_driver.detach_volume(context, self.connection_info or {},
                                  instance, self.mountpoint)
        volume_api.attachment_delete(context, self.bdm.attachment_id)
        LOG.info('Detached volume %s from %s', self.bdm.volume_id,
                 self.mountpoint, instance=instance)
