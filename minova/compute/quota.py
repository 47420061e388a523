"""Quota: the ``[quota]`` limits of a project, counted from its live
instances (no reservations table: the instances are the count).

A create is checked before anything is written, then re-checked inside its
own transaction after the inserts, so racing creates of one project cannot
both squeeze under the limit.
"""

from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_group as instance_group_obj

MAX_METADATA_LENGTH = 255

RESOURCES = ('instances', 'cores', 'ram')


def _limits(conf, flavor):
    """(resource, limit, amount per instance) for each counted resource."""
    quota = conf.quota
    return (('instances', quota.instances, 1),
            ('cores', quota.cores, flavor.vcpus),
            ('ram', quota.ram, flavor.memory_mb))


def _usage(context, session=None):
    return dict(zip(RESOURCES, instance_obj.InstanceList.get_project_usage(
        context, context.project_id, session=session)))


def check_num_instances(conf, context, flavor, min_count, max_count):
    """How many of ``max_count`` instances of ``flavor`` fit the project's
    quota: at least ``min_count``, or TooManyInstances (403) with the
    numbers. Nothing is counted when no limit applies."""
    limits = [(resource, limit, per) for resource, limit, per
              in _limits(conf, flavor) if limit >= 0 and per]
    used = _usage(context) if limits else {}
    allowed = max_count
    for resource, limit, per in limits:
        fits = max(0, (limit - used[resource]) // per)
        if fits < min_count:
            raise exception.TooManyInstances(
                overs=resource, req=per * min_count, used=used[resource],
                allowed=limit)
        allowed = min(allowed, fits)
    return allowed


def recheck_num_instances(conf, context, flavor, count, session):
    """After inserting ``count`` instances in ``session``: raise (and so
    roll back) when the project is now over a limit."""
    limits = [(resource, limit, per) for resource, limit, per
              in _limits(conf, flavor) if limit >= 0]
    used = _usage(context, session=session) if limits else {}
    for resource, limit, per in limits:
        if limit < used[resource]:
            raise exception.TooManyInstances(
                overs=resource, req=per * count,
                used=used[resource] - per * count, allowed=limit)


def check_server_groups(conf, context, delta=1, session=None):
    """``delta`` more server groups fit the project's ``[quota]
    server_groups``, or ServerGroupLimitExceeded (403). After inserting
    them, recheck with ``delta=0`` in the inserting ``session``."""
    limit = conf.quota.server_groups
    if limit >= 0 and limit < delta + (
            instance_group_obj.InstanceGroupList.count_by_project(
                context, context.project_id, session=session)):
        raise exception.ServerGroupLimitExceeded()


def check_server_group_members(conf, context, group, delta, session=None):
    """``delta`` more servers of the caller fit in ``group`` under
    ``[quota] server_group_members``, or ServerGroupMemberLimitExceeded
    (403). After adding them, recheck with ``delta=0`` in the same
    ``session``."""
    limit = conf.quota.server_group_members
    if limit >= 0 and limit < delta + group.count_members_by_user(
            context.user_id, session=session):
        raise exception.ServerGroupMemberLimitExceeded()


def check_metadata(conf, metadata):
    """At most ``[quota] metadata_items`` items (403), each a non-empty
    string key with a string value of at most 255 characters (400)."""
    if not isinstance(metadata, dict):
        raise exception.InvalidMetadata(reason='must be an object')
    limit = conf.quota.metadata_items
    if 0 <= limit < len(metadata):
        raise exception.MetadataLimitExceeded(allowed=limit)
    for key, value in metadata.items():
        if not isinstance(key, str) or not key.strip():
            raise exception.InvalidMetadata(
                reason='a metadata key must be a non-empty string')
        if not isinstance(value, str):
            raise exception.InvalidMetadata(
                reason='the value of %s must be a string' % key)
        if len(key) > MAX_METADATA_LENGTH or \
                len(value) > MAX_METADATA_LENGTH:
            raise exception.InvalidMetadata(
                reason='key or value of %s longer than %d characters' % (
                    key[:32], MAX_METADATA_LENGTH))
