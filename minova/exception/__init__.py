"""Named errors. Each says what went wrong and, where a user caused it,
carries the HTTP code the API answers with.

Imported as ``from minova import exception``: the bases, the API's, the
volumes' and images', and the boot path's errors are here; the virt
drivers' (:mod:`.virt`) and those of where servers run (server groups,
aggregates, zones, moves: :mod:`.hosts`) are in their own modules and
shown here too.
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


class ConfigValueError(ConfigError):
    msg_fmt = 'Bad configuration: [%(group)s] %(option)s: %(reason)s'


class DatabaseNotSynced(ConfigError):
    msg_fmt = ('The database at [database] connection is at schema revision '
               '%(current)s, not %(head)s: run "minova-manage db sync".')


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


class VolumeNotFound(NotFound):
    msg_fmt = 'Volume %(volume_id)s could not be found.'


class VolumeAttachmentNotFound(NotFound):
    msg_fmt = 'Volume attachment %(attachment_id)s could not be found.'


class InvalidVolume(Invalid):
    msg_fmt = 'Invalid volume: %(reason)s'


# --- volumes (minova/volume/): Cinder's refusals, which Nova answers 400 ---

class VolumeNotAvailable(InvalidVolume):
    """The volume's status forbids the operation (creating, reserved,
    deleting...); the message says which status it needs."""

    msg_fmt = ('Invalid volume: volume %(volume_id)s is %(status)s: '
               '%(action)s needs it %(needed)s')


class MultiattachNotSupportedOldMicroversion(Invalid):
    msg_fmt = ('Multiattach volumes are only supported starting with '
               'compute API version 2.60.')


class VolumeInUse(VolumeNotAvailable):
    msg_fmt = ('Invalid volume: volume %(volume_id)s is %(status)s (attached '
               'to server %(server_id)s) and is not multiattach: detach it '
               'first')


class VolumeInError(VolumeNotAvailable):
    msg_fmt = ('Invalid volume: volume %(volume_id)s is in error (its data '
               'could not be made): %(action)s is refused; delete it and '
               'create another')


class VolumeHasSnapshots(InvalidVolume):
    msg_fmt = ('Invalid volume: volume %(volume_id)s still has %(count)d '
               'dependent snapshot(s): delete them first')


class VolumeNotInInstanceAZ(InvalidVolume):
    """``[cinder] cross_az_attach = False`` and the zones differ."""

    msg_fmt = ('Invalid volume: instance %(instance)s and volume %(vol)s are '
               'not in the same availability_zone. Instance is in '
               '%(ins_zone)s. Volume is in %(vol_zone)s')


class InvalidVolumeType(Invalid):
    msg_fmt = 'Invalid input for field/attribute volume_type: %(reason)s'


class VolumeTypeNotFound(NotFound):
    msg_fmt = 'Volume type %(volume_type_id)s could not be found.'


class InvalidFilters(Invalid):
    msg_fmt = ('Invalid filters %(filters)s are found in query options '
               '(known: %(known)s).')


class SnapshotNotFound(NotFound):
    msg_fmt = 'Snapshot %(snapshot_id)s could not be found.'


class InvalidSnapshot(Invalid):
    msg_fmt = 'Invalid snapshot: %(reason)s'


class CinderConnectionFailed(MinovaException):
    """Cinder could not be reached (the API answers 500; the log and this
    message name the endpoint)."""

    msg_fmt = 'Connection to cinder host failed: %(reason)s'


class CinderAPIVersionNotAvailable(MinovaException):
    msg_fmt = ('Cinder API version %(version)s is not available at '
               '%(url)s: minova needs the attachments API (3.44 or later)')


class CinderAuthRequired(MinovaException):
    msg_fmt = ('Cannot call Cinder without a user token: minova forwards '
               'the token of the request it serves, and this one (a task of '
               'minova\'s own) has none')


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageMemberNotFound(NotFound):
    msg_fmt = ('Project %(member)s is not a member of image %(image_id)s.')


class ImageStorageQuotaExceeded(MinovaException):
    msg_fmt = ('The image data would exceed the image storage quota of '
               'project %(project_id)s: %(quota)d bytes ([image] '
               'user_storage_quota), %(used)d used. Delete images or ask '
               'for a larger quota.')
    code = 413


class ImageUploadIncomplete(Invalid):
    msg_fmt = ('The upload of image %(image_id)s ended after %(received)d '
               'of %(expected)d bytes; the image stays queued: upload it '
               'again.')


class Forbidden(MinovaException):
    msg_fmt = 'Policy does not allow this action.'
    code = 403


class PolicyNotRegistered(MinovaException):
    """A check of a rule no policy module defines: a bug, not a refusal."""
    msg_fmt = 'Policy %(action)s has not been registered.'


class Conflict(MinovaException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class InstanceInvalidState(Conflict):
    msg_fmt = ('Cannot \'%(action)s\' instance %(instance_uuid)s while it is '
               'in %(attr)s %(state)s')


class NoValidHost(MinovaException):
    """``reason`` is for everyone and names no host; ``details`` (optional)
    is the same for admins, with the host names (the fault's details)."""
    msg_fmt = 'No valid host was found. %(reason)s'


class RescheduledException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s was re-scheduled: %(reason)s'


class VolumeNotCreated(MinovaException):
    msg_fmt = ('Volume %(volume_id)s did not finish being created even after '
               'we waited %(seconds)d seconds or %(attempts)d attempts. And '
               'its status is %(volume_status)s.')


class StuckTaskEnded(MinovaException):
    """The conductor ended a task nobody could move any more."""

    msg_fmt = ('Task %(task_state)s made no progress for %(seconds)d s '
               '(%(reason)s); it was ended: %(outcome)s.')


class BuildAbortException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s aborted: %(reason)s'


class ComputeResourcesUnavailable(MinovaException):
    msg_fmt = 'Insufficient compute resources: %(reason)s'


class RPCPinnedToOldVersion(MinovaException):
    msg_fmt = ('This operation needs RPC version %(version)s, but '
               '[upgrade_levels] %(service)s pins the bus to an older one.')


# --- boot path ---------------------------------------------------------------


class UnexpectedTaskStateError(Conflict):
    """A conditional instance update met another task_state: someone else
    acted on the instance first, and nothing was changed."""

    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected '
               'task_state: %(expected)s. Actual: %(actual)s')


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    """The instance is being deleted: whatever met this should stop."""


class UnexpectedVMStateError(Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected '
               'vm_state: %(expected)s. Actual: %(actual)s')


class InvalidFlavorRef(Invalid):
    msg_fmt = 'Invalid flavorRef provided: %(reason)s'


class InvalidImageRef(Invalid):
    msg_fmt = 'Invalid imageRef provided: %(reason)s'


class ComputeServiceInUse(Invalid):
    """Evacuate refused: the server's compute still heartbeats (Nova's
    words); an evacuation is for a host that is down."""
    msg_fmt = 'Compute service of %(host)s is still in use.'


class ImageNotActive(Invalid):
    msg_fmt = ('Invalid imageRef provided: image %(image_id)s is not active '
               '(status %(status)s)')


class FlavorDiskSmallerThanMinDisk(Invalid):
    msg_fmt = ('Invalid flavorRef provided: the flavor\'s disk is too small '
               'for the requested image: flavor disk is %(flavor_size)d GB, '
               'the image\'s min_disk is %(image_min_disk)d GB')


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = ('Invalid flavorRef provided: the flavor\'s memory is too small '
               'for the requested image: flavor memory is %(flavor_ram)d MB, '
               'the image\'s min_ram is %(image_min_ram)d MB')


class InvalidBDM(Invalid):
    msg_fmt = ('Invalid input for field/attribute block_device_mapping_v2: '
               '%(reason)s')


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class InvalidKeyName(Invalid):
    """A boot names a keypair its user does not have."""

    msg_fmt = ('Invalid key_name provided: keypair %(name)s could not be '
               'found for user %(user_id)s')


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class TooManyInstances(Forbidden):
    """Over quota; the message names the resource and the numbers."""

    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but already '
               'used %(used)s of %(allowed)s %(overs)s')


class MetadataLimitExceeded(Forbidden):
    msg_fmt = ('Quota exceeded for metadata_items: a server may carry at '
               'most %(allowed)d metadata items')


class InstanceActionNotFound(NotFound):
    msg_fmt = ('Action for request_id %(request_id)s on instance '
               '%(instance_uuid)s not found')


class MarkerNotFound(Invalid):
    msg_fmt = 'Invalid input for field/attribute marker: %(marker)s not found'


class FixedIpPoolExhausted(MinovaException):
    msg_fmt = ('No fixed IP address left in [network] flat_cidr = '
               '%(cidr)s: widen the pool or delete servers')


# What a boot's ``networks`` may ask that the network back end refuses:
# 400s of the API, as Nova answers them.
class NetworkNotFound(Invalid):
    msg_fmt = 'Network %(network_id)s could not be found.'


class PortNotFound(Invalid):
    msg_fmt = 'Port id %(port_id)s could not be found.'


class FixedIpInvalid(Invalid):
    msg_fmt = 'Fixed IP address %(address)s is invalid: %(reason)s'


class FixedIpAlreadyInUse(Invalid):
    msg_fmt = ('Fixed IP address %(address)s is already in use on instance '
               '%(instance_uuid)s.')


class InvalidFixedIpAndMaxCountRequest(Invalid):
    msg_fmt = ('Invalid fixed IP Address %(address)s: max_count cannot be '
               'greater than 1 if a fixed_ip is specified.')


class InstanceDeleted(MinovaException):
    """The instance went away (deleted) while an operation ran on it."""

    msg_fmt = 'Instance %(instance_uuid)s was deleted during %(operation)s'


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with %(field)s %(value)s already exists.'


class InvalidMetadata(Invalid):
    msg_fmt = 'Invalid input for field/attribute metadata: %(reason)s'


class MetadataKeyNotFound(NotFound):
    msg_fmt = 'Metadata item %(key)s was not found on instance %(instance_uuid)s'


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = ('Exceeded maximum number of retries: build failed on '
               '%(attempts)d host(s). Last failure: %(reason)s')


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


# The errors of their own modules, as ``exception.<Name>`` like the rest.
from minova.exception import hosts as _hosts  # noqa: E402
from minova.exception.hosts import *  # noqa: E402,F401,F403
from minova.exception import virt as _virt  # noqa: E402
from minova.exception.virt import *  # noqa: E402,F401,F403


def _as_ours(module):
    """Name ``module``'s errors as this module's: an error crosses the bus
    by its module and class name, and the receiver rebuilds it only from
    :data:`minova.rpc.ALLOWED_EXMODS` (``minova.exception``), also on a
    service of the release before these modules were split out."""
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, MinovaException) \
                and value.__module__ == module.__name__:
            value.__module__ = __name__


_as_ours(_hosts)
_as_ours(_virt)
