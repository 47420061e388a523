"""Queries of the quota override tables: ``quotas`` (a project's limits)
and ``project_user_quotas`` (a user's within a project).

Every function takes the session or connection ``s`` of the caller's
transaction; all are Core statements. A missing row means "the default".
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models

_quotas = models.Quota.__table__
_user_quotas = models.ProjectUserQuota.__table__


# Built once: a boot reads the limits on its hot path, and building this
# union each time cost ~290 us, three times what running it costs.
_PROJECT_LIMITS = sa.select(
    sa.literal(0).label('scope'), _quotas.c.resource,
    _quotas.c.hard_limit).where(
    _quotas.c.project_id == sa.bindparam('project_id'))
_PROJECT_AND_USER_LIMITS = sa.union_all(_PROJECT_LIMITS, sa.select(
    sa.literal(1).label('scope'), _user_quotas.c.resource,
    _user_quotas.c.hard_limit).where(
    _user_quotas.c.project_id == sa.bindparam('project_id'),
    _user_quotas.c.user_id == sa.bindparam('user_id')))


def get_limits(s, project_id, user_id=None):
    """``(project_limits, user_limits)``: ``{resource: hard_limit}`` of the
    rows set for ``project_id`` and, with ``user_id``, for that user in it
    ({} without), in one statement."""
    query = (_PROJECT_LIMITS if user_id is None
             else _PROJECT_AND_USER_LIMITS)
    params = {'project_id': project_id}
    if user_id is not None:
        params['user_id'] = user_id
    rows = s.execute(query, params)
    found = ({}, {})
    for scope, resource, hard_limit in rows:
        found[scope][resource] = hard_limit
    return found


def get_user_limit_sums(s, project_id):
    """``{resource: sum of the users' limits}`` in ``project_id``, and
    whether any of them is unlimited: ``({...}, {resource, ...})``."""
    sums, unlimited = {}, set()
    for resource, hard_limit in s.execute(
            sa.select(_user_quotas.c.resource, _user_quotas.c.hard_limit)
            .where(_user_quotas.c.project_id == project_id)):
        if hard_limit < 0:
            unlimited.add(resource)
        sums[resource] = sums.get(resource, 0) + max(hard_limit, 0)
    return sums, unlimited


def set_limits(s, project_id, limits, user_id=None):
    """Create or update the rows of ``limits`` (``{resource: limit}``)."""
    table = _quotas if user_id is None else _user_quotas
    scope = [table.c.project_id == project_id]
    if user_id is not None:
        scope.append(table.c.user_id == user_id)
    now = timeutils.utcnow()
    for resource, hard_limit in limits.items():
        updated = s.execute(sa.update(table).where(
            table.c.resource == resource, *scope).values(
            hard_limit=hard_limit, updated_at=now)).rowcount
        if not updated:
            values = {'project_id': project_id, 'resource': resource,
                      'hard_limit': hard_limit, 'created_at': now}
            if user_id is not None:
                values['user_id'] = user_id
            s.execute(sa.insert(table), values)


def destroy_all_by_project(s, project_id):
    """Forget the project's limits and those of all its users."""
    s.execute(sa.delete(_user_quotas).where(
        _user_quotas.c.project_id == project_id))
    s.execute(sa.delete(_quotas).where(_quotas.c.project_id == project_id))


def destroy_all_by_project_and_user(s, project_id, user_id):
    """Forget the user's limits in the project (the project's stay)."""
    s.execute(sa.delete(_user_quotas).where(
        _user_quotas.c.project_id == project_id,
        _user_quotas.c.user_id == user_id))


def lock(s, *names):
    """Serialise this transaction with every other that locks ``names``
    (e.g. ``('instances', project_id)``) until it ends.

    The quota re-check counts the rows its transaction inserted plus those
    others committed. On SQLite the writers already take turns, so no two
    re-checks overlap; on PostgreSQL (read committed) two transactions
    could each count only themselves and both commit over the limit, so
    they queue on a transaction-scoped advisory lock instead.
    """
    dialect = getattr(s, 'dialect', None) or s.get_bind().dialect
    if dialect.name == 'postgresql':
        s.execute(sa.select(sa.func.pg_advisory_xact_lock(
            sa.func.hashtext(':'.join(names)))))


def count_key_pairs(s, user_id):
    """The user's key pairs (the ``key_pairs`` quota)."""
    table = models.KeyPair.__table__
    return int(s.scalar(sa.select(sa.func.count()).select_from(table).where(
        table.c.user_id == user_id)))
