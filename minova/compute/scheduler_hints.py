"""The scheduler hints of a boot (``os:scheduler_hints``), checked before
anything is written.

``group`` names a server group the caller can see; the new servers become
its members and the scheduler places them by its policy. ``same_host`` and
``different_host`` name servers the caller can see (one uuid or a list).
An unknown or invisible one is refused (400) naming the hint and the id:
a typo must not turn into a NoValidHost later, or into a hint that
silently constrains nothing. Other hints go to the scheduler as they are
(a third-party filter may read them).
"""

from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_group as instance_group_obj

SERVER_HINTS = ('same_host', 'different_host')


def _as_list(value):
    return [str(x) for x in value] if isinstance(value, list) else [
        str(value)]


def get_requested_instance_group(context, hints):
    """The server group of the ``group`` hint (with its live members), or
    None without one."""
    group_uuid = hints.get('group')
    if not group_uuid:
        return None
    try:
        return instance_group_obj.InstanceGroup.get_by_uuid(context,
                                                            group_uuid)
    except exception.InstanceGroupNotFound as e:
        raise exception.InvalidSchedulerHint(
            hint='group', value=group_uuid, reason=e.format_message())


def _check_servers(context, hint, uuids):
    filters = {'uuid': uuids}
    if not context.is_admin:
        filters['project_id'] = context.project_id
    found = {instance.uuid for instance in
             instance_obj.InstanceList.get_by_filters(
                 context, filters, expected_attrs=())}
    for uuid in uuids:
        if uuid not in found:
            raise exception.InvalidSchedulerHint(
                hint=hint, value=uuid,
                reason='Server %s could not be found.' % uuid)


def validate(context, hints):
    """``(hints, group)``: the hints as a RequestSpec holds them (each a
    list of strings) and the requested server group or None."""
    group = get_requested_instance_group(context, hints)
    normalized = {name: _as_list(value) for name, value in hints.items()}
    for hint in SERVER_HINTS:
        if normalized.get(hint):
            _check_servers(context, hint, normalized[hint])
    return normalized, group


def group_for_spec(group):
    """What a RequestSpec carries of the group: who it is and its policy.
    The members and their hosts are read just before scheduling (the
    conductor's ``setup_instance_group``), never stored with the spec."""
    if group is None:
        return None
    return instance_group_obj.InstanceGroup(
        uuid=group.uuid, id=group.id, name=group.name, policy=group.policy,
        rules=dict(group.rules), project_id=group.project_id,
        user_id=group.user_id, members=[], hosts=[])
