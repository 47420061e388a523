"""Named errors. Each says what went wrong and, where a user caused it,
carries the HTTP code the API answers with.
"""


class MinovaException(Exception):
    """Base of minova's errors; ``msg_fmt`` is formatted with the kwargs."""

    msg_fmt = 'An unknown error occurred.'
    code = 500

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            message = self.msg_fmt % kwargs
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.message


class ConfigError(MinovaException):
    msg_fmt = 'Bad configuration: [%(group)s] %(option)s = %(value)r: %(reason)s'


class PluginLoadError(ConfigError):
    """A configured plugin name is not installed or fails to load."""


class DatabaseUnreachable(MinovaException):
    msg_fmt = ('Bad configuration: [database] connection = %(url)r: '
               'cannot connect: %(reason)s')


class Invalid(MinovaException):
    msg_fmt = 'Unacceptable parameters: %(reason)s'
    code = 400


class ValidationError(Invalid):
    msg_fmt = 'Invalid input for field/attribute %(field)s: %(reason)s'


class NotFound(MinovaException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class HostBinaryNotFound(NotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class Forbidden(MinovaException):
    msg_fmt = 'Policy does not allow this action.'
    code = 403


class Conflict(MinovaException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class InstanceInvalidState(Conflict):
    msg_fmt = ('Cannot \'%(action)s\' instance %(instance_uuid)s while it is '
               'in %(attr)s %(state)s')


class NoValidHost(MinovaException):
    msg_fmt = 'No valid host was found. %(reason)s'


class RescheduledException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s was re-scheduled: %(reason)s'


class BuildAbortException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s aborted: %(reason)s'


class ComputeResourcesUnavailable(MinovaException):
    msg_fmt = 'Insufficient compute resources: %(reason)s'


class RPCPinnedToOldVersion(MinovaException):
    msg_fmt = ('This operation needs RPC version %(version)s, but '
               '[upgrade_levels] %(service)s pins the bus to an older one.')


# --- virt drivers (minova/virt/) -------------------------------------------


class HypervisorUnavailable(MinovaException):
    """The virt driver cannot reach its hypervisor; names the option to fix."""

    msg_fmt = ('Cannot connect to the hypervisor: %(option)s = %(value)r: '
               '%(reason)s')


class InstanceExists(MinovaException):
    msg_fmt = 'Instance %(name)s already exists on the hypervisor.'


class InstanceDeployFailure(MinovaException):
    """spawn() failed; the guest it started to create has been removed."""

    msg_fmt = 'Failed to deploy instance %(instance_uuid)s: %(reason)s'


class VirtOperationNotSupported(MinovaException):
    """The hypervisor behind the driver cannot do this; nothing was changed."""

    msg_fmt = ('%(operation)s is not supported by the hypervisor at '
               '%(uri)s: %(reason)s')


class VolumeDriverNotFound(MinovaException):
    msg_fmt = 'No virt volume driver for driver_volume_type %(driver_type)r.'
