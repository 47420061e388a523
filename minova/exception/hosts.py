"""The errors of where servers run: server groups and scheduler hints,
host aggregates and availability zones, resize and cold migrate."""

from minova.exception import Conflict
from minova.exception import Forbidden
from minova.exception import Invalid
from minova.exception import MinovaException
from minova.exception import NotFound


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class ServerGroupLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many server groups.'


class ServerGroupMemberLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many servers in group'


class KeypairLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many key pairs.'


class InvalidSchedulerHint(Invalid):
    msg_fmt = ('Invalid input for field/attribute %(hint)s. Value: '
               '%(value)s. %(reason)s')


class UnsupportedPolicyException(Invalid):
    msg_fmt = 'ServerGroup policy is not supported: %(reason)s'


# --- host aggregates and availability zones -----------------------------------


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class InvalidAggregateAction(Invalid):
    msg_fmt = 'Unacceptable parameters.'


class InvalidAggregateActionAdd(InvalidAggregateAction):
    msg_fmt = ('Cannot add host to aggregate %(aggregate_id)s. Reason: '
               '%(reason)s.')


class InvalidAggregateActionDelete(InvalidAggregateAction):
    msg_fmt = ('Cannot remove host from aggregate %(aggregate_id)s. Reason: '
               '%(reason)s.')


class InvalidAggregateActionUpdate(InvalidAggregateAction):
    msg_fmt = ('Cannot update aggregate %(aggregate_id)s. Reason: '
               '%(reason)s.')


class InvalidAggregateActionUpdateMeta(InvalidAggregateAction):
    msg_fmt = ('Cannot update metadata of aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class AvailabilityZoneNotAvailable(Invalid):
    msg_fmt = ('Invalid input for field/attribute availability_zone: the '
               'requested availability zone %(zone)s is not available '
               '(available: %(available)s)')


# -- resize and cold migrate -------------------------------------------------

class MigrationNotFound(NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = 'Resize requires a flavor change.'


class CannotResizeDisk(Invalid):
    msg_fmt = 'Server disk was unable to be resized because: %(reason)s'


class ResizeError(MinovaException):
    msg_fmt = 'Resize error: %(reason)s'
