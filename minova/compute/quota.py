"""Quota: Nova's resources and their limits, counted from the database.

A limit is the ``[quota]`` default unless ``/os-quota-sets`` set one for
the project (``quotas``) or for a user in it (``project_user_quotas``);
-1 is unlimited. Usage is counted from the live rows (instances, groups,
group members, key pairs): there is no reservations table, the rows are
the count, as in Nova since Pike.

A create is checked before anything is written, then re-checked inside its
own transaction after the inserts, behind a lock per project and resource
(:meth:`Quotas.lock`), so racing creates cannot both squeeze under a limit.
"""

import copy

from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_group as instance_group_obj
from minova.objects import migration as migration_obj
from minova.objects import quotas as quotas_obj

MAX_METADATA_LENGTH = 255
UNLIMITED = -1

# Nova's quota resources and the [quota] option of each default; None: a
# nova-network or personality leftover shown (unlimited) and never counted.
RESOURCES = (
    ('instances', 'instances'),
    ('cores', 'cores'),
    ('ram', 'ram'),
    ('metadata_items', 'metadata_items'),
    ('injected_files', 'injected_files'),
    ('injected_file_content_bytes', 'injected_file_content_bytes'),
    ('injected_file_path_bytes', 'injected_file_path_length'),
    ('key_pairs', 'key_pairs'),
    ('server_groups', 'server_groups'),
    ('server_group_members', 'server_group_members'),
    ('fixed_ips', None),
    ('floating_ips', None),
    ('security_groups', None),
    ('security_group_rules', None),
)
RESOURCE_NAMES = tuple(name for name, _ in RESOURCES)
INSTANCE_RESOURCES = ('instances', 'cores', 'ram')


def get_defaults(conf):
    """``{resource: default limit}`` from ``[quota]``."""
    return {name: conf.quota[option] if option else UNLIMITED
            for name, option in RESOURCES}


class Limits:
    """The limits that bind one project, and one user in it: the user's
    own where set, else the project's, else the default (Nova's
    DbQuotaDriver)."""

    def __init__(self, conf, project_rows, user_rows):
        self.defaults = get_defaults(conf)
        self.project_rows = project_rows
        self.user_rows = user_rows

    def project(self, resource):
        return self.project_rows.get(resource, self.defaults[resource])

    def user(self, resource):
        return self.user_rows.get(resource, self.project(resource))

    def strictest(self, resource):
        """The smaller of the project's and the user's limit that is not
        unlimited (a user's set with ``force`` may exceed its project's)."""
        finite = [limit for limit in (self.project(resource),
                                      self.user(resource)) if limit >= 0]
        return min(finite) if finite else UNLIMITED


def limits_for(conf, context, project_id=None, user_id=None, session=None):
    """The :class:`Limits` of ``project_id`` and ``user_id`` (the caller's
    by default): one query, read once per create."""
    project_rows, user_rows = quotas_obj.Quotas.get_limits(
        context, project_id or context.project_id,
        user_id or context.user_id, session=session)
    return Limits(conf, project_rows, user_rows)


# -- instances, cores, ram ----------------------------------------------------

def _instance_usage(context, user_id=None, session=None):
    used = dict(zip(INSTANCE_RESOURCES,
                    instance_obj.InstanceList.get_project_usage(
                        context, context.project_id, user_id=user_id,
                        session=session)))
    if session is None:
        # The first look counts moves in flight too; the recheck in a
        # create's transaction counts the rows that create inserted.
        for resource, extra in _moves_usage(context, user_id).items():
            used[resource] += extra
    return used


# A move's instance row has its old flavor until finish_resize, then the
# new one; what it holds is the larger of the two until the confirm.
_BEFORE_FINISH = ('pre-migrating', 'migrating', 'post-migrating')


def _moves_usage(context, user_id=None):
    """The cores and ram the project's resizes in flight hold beyond
    what their instances' rows say."""
    filters = {'project_id': context.project_id,
               'status': list(migration_obj.IN_PROGRESS)}
    if user_id is not None:
        filters['user_id'] = user_id
    extra = {'cores': 0, 'ram': 0}
    for migration in migration_obj.Migration.get_all(context, filters):
        old, new = migration.old_flavor, migration.new_flavor
        if old is None or new is None:
            continue
        if migration.status in _BEFORE_FINISH:
            old, new = new, old
        extra['cores'] += max(0, old.vcpus - new.vcpus)
        extra['ram'] += max(0, old.memory_mb - new.memory_mb)
    return extra


def check_resize(conf, context, old_flavor, new_flavor, instance=None):
    """A resize to ``new_flavor`` grows cores and ram by the difference
    (if any) until its confirm: raise TooManyInstances (403) if that is
    over the limits of the server's project (or user), not the caller's
    (an admin resizing another project's server), as in Nova."""
    deltas = {'cores': max(0, new_flavor.vcpus - old_flavor.vcpus),
              'ram': max(0, new_flavor.memory_mb - old_flavor.memory_mb)}
    if not any(deltas.values()):
        return
    if instance is not None and (instance.project_id, instance.user_id) != (
            context.project_id, context.user_id):
        context = copy.copy(context)
        context.project_id = instance.project_id
        context.user_id = instance.user_id
    limits = limits_for(conf, context)
    for user_id, scoped in _instance_scopes(limits, context.user_id):
        used = _instance_usage(context, user_id)
        overs = sorted(r for r, delta in deltas.items()
                       if r in scoped and used[r] + delta > scoped[r])
        if overs:
            raise _too_many(overs, deltas, used, scoped)


def _per_instance(flavor):
    return {'instances': 1, 'cores': flavor.vcpus, 'ram': flavor.memory_mb}


def _instance_scopes(limits, user_id):
    """``[(user_id or None, {resource: limit})]`` to check: the project's
    limits against the project's usage and, if the user has a limit of
    its own on instances, cores or ram, the user's against the user's
    (Nova counts per user only then). Unlimited resources are left out."""
    scopes = [(None, {r: limits.project(r) for r in INSTANCE_RESOURCES})]
    if any(r in limits.user_rows for r in INSTANCE_RESOURCES):
        scopes.append((user_id, {r: limits.user(r)
                                 for r in INSTANCE_RESOURCES}))
    return [(scope, {r: limit for r, limit in scoped.items() if limit >= 0})
            for scope, scoped in scopes
            if any(limit >= 0 for limit in scoped.values())]


def _too_many(overs, requested, used, limits):
    """Nova's TooManyInstances: each list joined with ', '."""
    return exception.TooManyInstances(
        overs=', '.join(overs),
        req=', '.join(str(requested[r]) for r in overs),
        used=', '.join(str(used[r]) for r in overs),
        allowed=', '.join(str(limits[r]) for r in overs))


def check_num_instances(conf, context, flavor, min_count, max_count,
                        limits):
    """How many of ``max_count`` instances of ``flavor`` fit the quotas of
    the caller's project (and user): at least ``min_count``, or
    TooManyInstances (403) with the numbers, as Nova words it. Returns
    ``(count, scopes)``; pass ``scopes`` to :func:`recheck_num_instances`.
    """
    per = _per_instance(flavor)
    scopes = _instance_scopes(limits, context.user_id)
    allowed = max_count
    for user_id, scoped in scopes:
        used = _instance_usage(context, user_id)
        fits = max_count
        for resource, limit in scoped.items():
            if per[resource]:
                fits = min(fits, max(0, limit - used[resource]) //
                           per[resource])
        if fits < min_count:
            requested = {r: max_count * per[r] for r in INSTANCE_RESOURCES}
            requested['instances'] = (
                str(min_count) if min_count == max_count
                else '%d-%d' % (min_count, max_count))
            overs = sorted(r for r, limit in scoped.items()
                           if used[r] + max_count * per[r] > limit)
            raise _too_many(overs, requested, used, scoped)
        allowed = min(allowed, fits)
    return allowed, scopes


def recheck_num_instances(context, flavor, count, scopes, session):
    """After inserting ``count`` instances in ``session``: raise (and so
    roll back) when the project or user is now over a limit."""
    if not scopes:
        return
    quotas_obj.Quotas.lock(session, 'instances', context.project_id)
    per = _per_instance(flavor)
    for user_id, scoped in scopes:
        used = _instance_usage(context, user_id, session=session)
        overs = sorted(r for r, limit in scoped.items() if used[r] > limit)
        if overs:
            mine = {r: count * per[r] for r in INSTANCE_RESOURCES}
            raise _too_many(overs, mine,
                            {r: used[r] - mine[r] for r in overs}, scoped)


# -- server groups, members, key pairs, metadata --------------------------------

def check_server_groups(conf, context, delta=1, session=None):
    """``delta`` more server groups fit the project's quota (and the
    user's, if set), or ServerGroupLimitExceeded (403). After inserting
    them, recheck with ``delta=0`` in the inserting ``session``."""
    limits = limits_for(conf, context, session=session)
    checks = [(None, limits.project('server_groups'))]
    if 'server_groups' in limits.user_rows:
        checks.append((context.user_id, limits.user('server_groups')))
    checks = [(user_id, limit) for user_id, limit in checks if limit >= 0]
    if checks and session is not None:
        quotas_obj.Quotas.lock(session, 'server_groups', context.project_id)
    for user_id, limit in checks:
        if limit < delta + instance_group_obj.InstanceGroupList \
                .count_by_project(context, context.project_id,
                                  user_id=user_id, session=session):
            raise exception.ServerGroupLimitExceeded()


def check_server_group_members(conf, context, group, delta, session=None,
                               limits=None):
    """``delta`` more servers of the caller fit in ``group`` under the
    ``server_group_members`` quota, or ServerGroupMemberLimitExceeded
    (403). After adding them, recheck with ``delta=0`` in the same
    ``session``."""
    limits = limits or limits_for(conf, context, session=session)
    limit = limits.strictest('server_group_members')
    if limit < 0:
        return
    if session is not None:
        quotas_obj.Quotas.lock(session, 'server_group_members',
                               str(group.id))
    if limit < delta + group.count_members_by_user(context.user_id,
                                                   session=session):
        raise exception.ServerGroupMemberLimitExceeded()


def count_key_pairs(context, user_id, session=None):
    """The user's key pairs, as the ``key_pairs`` quota counts them."""
    return quotas_obj.Quotas.count_key_pairs(context, user_id,
                                             session=session)


def check_key_pairs(conf, context, delta=1, session=None, user_id=None):
    """``delta`` more key pairs fit the ``key_pairs`` quota of ``user_id``
    (the caller by default), or KeypairLimitExceeded (403). For the
    keypairs API: check before the insert, then recheck with ``delta=0``
    after it."""
    user_id = user_id or context.user_id
    limit = limits_for(conf, context, session=session).strictest('key_pairs')
    if limit < 0:
        return
    if session is not None:
        quotas_obj.Quotas.lock(session, 'key_pairs', user_id)
    if limit < delta + count_key_pairs(context, user_id, session):
        raise exception.KeypairLimitExceeded()


def check_metadata(conf, metadata, limits=None):
    """At most ``metadata_items`` items (403; the caller's ``limits``, or
    the ``[quota]`` default), each a non-empty string key with a string
    value of at most 255 characters (400)."""
    if not isinstance(metadata, dict):
        raise exception.InvalidMetadata(reason='must be an object')
    limit = (limits.strictest('metadata_items') if limits is not None
             else conf.quota.metadata_items)
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
