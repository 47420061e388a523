"""The virt drivers' errors (minova/virt/)."""

from minova.exception import Invalid
from minova.exception import MinovaException
from minova.exception import NotFound


class HypervisorUnavailable(MinovaException):
    """The virt driver cannot reach its hypervisor; names the option to fix."""

    msg_fmt = ('Cannot connect to the hypervisor: %(option)s = %(value)r: '
               '%(reason)s')


class InstanceExists(MinovaException):
    msg_fmt = 'Instance %(name)s already exists on the hypervisor.'


class ActionInterrupted(MinovaException):
    """A compute restarted while it ran an action on the instance."""

    msg_fmt = ('The %(task_state)s of instance %(instance_uuid)s was '
               'interrupted by a restart of the compute service on %(host)s: '
               '%(reason)s')


class UnshelveException(MinovaException):
    msg_fmt = 'Error during unshelve instance %(instance_uuid)s: %(reason)s'


class InstanceDeployFailure(MinovaException):
    """spawn() failed; the guest it started to create has been removed."""

    msg_fmt = 'Failed to deploy instance %(instance_uuid)s: %(reason)s'


class DiskNotFound(NotFound):
    msg_fmt = 'No disk at %(location)s'


class VirtOperationNotSupported(MinovaException):
    """The hypervisor behind the driver cannot do this; nothing was changed."""

    msg_fmt = ('%(operation)s is not supported by the hypervisor at '
               '%(uri)s: %(reason)s')


class DeviceDetachFailed(MinovaException):
    msg_fmt = ('Device %(device)s of instance %(instance_uuid)s was not '
               'detached: %(reason)s')


class VolumeDriverNotFound(MinovaException):
    msg_fmt = ('No virt volume driver for driver_volume_type %(driver_type)r '
               '(namespace minova.virt.libvirt.volume_drivers; installed: '
               '%(installed)s).')


class InvalidVolumeAccessMode(Invalid):
    msg_fmt = ('Invalid access_mode %(access_mode)r in the connection_info '
               'of volume %(volume_id)s: "ro" or "rw".')


class InvalidConnectionInfo(MinovaException):
    """The volume service answered connection_info the host cannot use."""

    msg_fmt = ('The connection_info of volume %(volume_id)s '
               '(driver_volume_type %(driver_type)s) cannot be attached: '
               '%(reason)s')
