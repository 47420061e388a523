"""Queries of the instance_groups table and its members: server groups.

Every function takes the session or connection ``s`` of the caller's
transaction, so that a boot's instances and their group membership commit
together; all are Core statements, so either will do.

A member is read only while its instance lives: reads join the members
with the live instances, so deleting a server changes nothing here (Nova,
too, shows only the members that are not deleted).
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models
from minova import exception

_groups = models.InstanceGroup.__table__
_members = models.InstanceGroupMember.__table__
_instances = models.Instance.__table__


def create(s, values, members=()):
    """Insert a group (``values``: uuid, name, user_id, project_id, policy,
    rules as JSON text) and its first members; returns the row."""
    group_id = s.execute(sa.insert(_groups),
                         values).inserted_primary_key[0]
    add_members(s, group_id, members)
    return s.execute(sa.select(_groups).where(_groups.c.id == group_id)).one()


def get_by_uuid(s, uuid):
    """The live group ``uuid``; InstanceGroupNotFound (404) otherwise."""
    row = s.execute(sa.select(_groups).where(
        _groups.c.uuid == uuid, _groups.c.deleted == 0)).first()
    if row is None:
        raise exception.InstanceGroupNotFound(group_uuid=uuid)
    return row


# The largest OFFSET the databases take (a signed 64-bit integer); a larger
# one skips every row as this one does.
_MAX_OFFSET = 2 ** 63 - 1


def get_all(s, project_id=None, limit=None, offset=0):
    """One page of live groups (of ``project_id``, or all), oldest first."""
    query = sa.select(_groups).where(_groups.c.deleted == 0)
    if project_id is not None:
        query = query.where(_groups.c.project_id == project_id)
    query = query.order_by(_groups.c.id).offset(
        min(offset or 0, _MAX_OFFSET))
    if limit is not None:
        query = query.limit(min(limit, _MAX_OFFSET))
    return s.execute(query).all()


def count_by_project(s, project_id, user_id=None):
    """The live groups of ``project_id`` (of ``user_id`` in it, if given)."""
    query = sa.select(sa.func.count(_groups.c.id)).where(
        _groups.c.project_id == project_id, _groups.c.deleted == 0)
    if user_id is not None:
        query = query.where(_groups.c.user_id == user_id)
    return s.scalar(query)


def destroy(s, uuid):
    """Soft-delete the group and forget its members."""
    row = get_by_uuid(s, uuid)
    s.execute(sa.delete(_members).where(_members.c.group_id == row.id))
    result = s.execute(sa.update(_groups).where(
        _groups.c.id == row.id, _groups.c.deleted == 0).values(
        deleted=row.id, deleted_at=timeutils.utcnow()))
    if not result.rowcount:
        raise exception.InstanceGroupNotFound(group_uuid=uuid)


def add_members(s, group_id, instance_uuids):
    if instance_uuids:
        now = timeutils.utcnow()
        s.execute(sa.insert(_members), [
            {'group_id': group_id, 'instance_uuid': uuid, 'created_at': now}
            for uuid in instance_uuids])


def _live_members(*columns):
    return sa.select(*columns).select_from(_members.join(
        _instances, sa.and_(_instances.c.uuid == _members.c.instance_uuid,
                            _instances.c.deleted == 0)))


def get_members(s, group_ids):
    """``{group id: [instance uuid, ...]}`` of the live members of
    ``group_ids``, in the order they joined: one query."""
    members = {group_id: [] for group_id in group_ids}
    if not members:
        return members
    rows = s.execute(_live_members(
        _members.c.group_id, _members.c.instance_uuid).where(
        _members.c.group_id.in_(list(members))).order_by(_members.c.id))
    for group_id, instance_uuid in rows:
        members[group_id].append(instance_uuid)
    return members


def get_hosts(s, group_id, exclude=(), taken_only=False):
    """The host of each live member of the group that has one (a host
    appears once per member on it), but not of the ``exclude`` uuids;
    ``taken_only``: only members a compute has taken (not still
    scheduling, whose host is only the scheduler's choice so far)."""
    query = _live_members(_instances.c.host).where(
        _members.c.group_id == group_id, _instances.c.host.isnot(None))
    if taken_only:
        query = query.where(sa.or_(_instances.c.task_state.is_(None),
                                   _instances.c.task_state != 'scheduling'))
    if exclude:
        query = query.where(_members.c.instance_uuid.notin_(list(exclude)))
    return [host for (host,) in s.execute(query.order_by(_members.c.id))]


def count_members_by_user(s, group_id, user_id):
    """Live members of the group that ``user_id`` created (the
    ``server_group_members`` quota counts them)."""
    return s.scalar(_live_members(sa.func.count()).where(
        _members.c.group_id == group_id, _instances.c.user_id == user_id))


def get_uuids_by_instance(s, instance_uuid):
    """The uuids of the live groups the instance belongs to (Nova shows
    them in a server at 2.71)."""
    return [row.uuid for row in s.execute(
        sa.select(_groups.c.uuid).select_from(_members.join(
            _groups, _groups.c.id == _members.c.group_id)).where(
            _members.c.instance_uuid == instance_uuid,
            _groups.c.deleted == 0).order_by(_members.c.id))]
