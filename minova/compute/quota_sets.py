"""Quota sets: what ``/os-quota-sets`` and ``/limits`` show and what an
admin sets, with the rules of Nova's DbQuotaDriver.

- A user's limit defaults to its project's; the project's to ``[quota]``.
- Usage is counted per project (per user with ``user_id``) for instances,
  cores, ram and server groups; ``key_pairs`` and ``server_group_members``
  are per user (and per group) and show 0 here, as in Nova.
- A new limit may not be below what is in use (nor, for a project, below
  the sum of its users' limits), and a user's may not exceed what its
  project has left to give; ``force`` skips both checks. -1 is unlimited.
"""

from minova.compute import quota
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_group as instance_group_obj
from minova.objects import quotas as quotas_obj


class QuotaLimitInvalid(exception.Invalid):
    msg_fmt = '%(reason)s'


def get_usages(context, project_id, user_id=None):
    """``{resource: in_use}`` of the project (or of its user)."""
    usages = dict.fromkeys(quota.RESOURCE_NAMES, 0)
    usages.update(zip(quota.INSTANCE_RESOURCES,
                      instance_obj.InstanceList.get_project_usage(
                          context, project_id, user_id=user_id)))
    usages['server_groups'] = instance_group_obj.InstanceGroupList \
        .count_by_project(context, project_id, user_id=user_id)
    # Key pairs are a user's (Nova counts them for a user's quota set).
    if user_id is not None:
        usages['key_pairs'] = quota.count_key_pairs(context, user_id)
    return usages


def get_quota_set(conf, context, project_id, user_id=None, usages=False):
    """``{resource: limit}`` of the project (or its user); with ``usages``
    ``{resource: {'limit', 'in_use', 'reserved'}}`` (reserved is always 0:
    quotas are counted, not reserved)."""
    limits = quota.limits_for(conf, context, project_id, user_id)
    if user_id is None:
        values = {r: limits.project(r) for r in quota.RESOURCE_NAMES}
    else:
        values = {r: limits.user(r) for r in quota.RESOURCE_NAMES}
    if not usages:
        return values
    in_use = get_usages(context, project_id, user_id)
    return {r: {'limit': limit, 'in_use': in_use[r], 'reserved': 0}
            for r, limit in values.items()}


def _unlimited(value):
    return value <= quota.UNLIMITED


def get_settable_quotas(conf, context, project_id, user_id=None):
    """``{resource: (minimum, maximum)}`` a new limit must lie in; -1 as a
    maximum is no maximum."""
    limits = quota.limits_for(conf, context, project_id, user_id)
    sums, unlimited_users = quotas_obj.Quotas.get_user_limit_sums(
        context, project_id)
    in_use = get_usages(context, project_id, user_id)
    settable = {}
    for resource in quota.RESOURCE_NAMES:
        project_limit = limits.project(resource)
        # What the project has not yet handed out to its users.
        remains = (quota.UNLIMITED if _unlimited(project_limit) or
                   resource in unlimited_users
                   else project_limit - sums.get(resource, 0))
        if user_id is None:
            given = (quota.UNLIMITED if _unlimited(remains)
                     else project_limit - remains)
            settable[resource] = (max(given, in_use[resource]),
                                  quota.UNLIMITED)
        else:
            own = limits.user_rows.get(resource, 0)
            maximum = (quota.UNLIMITED if _unlimited(remains) or
                       _unlimited(own) else remains + own)
            settable[resource] = (in_use[resource], maximum)
    return settable


def _validate(resource, limit, minimum, maximum):
    def inf(value):
        return float('inf') if _unlimited(value) else value

    if inf(limit) < inf(minimum):
        raise QuotaLimitInvalid(reason=(
            'Quota limit %s for %s must be greater than or equal to already '
            'used and reserved %s.' % (limit, resource, minimum)))
    if inf(limit) > inf(maximum):
        raise QuotaLimitInvalid(reason=(
            'Quota limit %s for %s must be less than or equal to %s.'
            % (limit, resource, maximum)))


def update(conf, context, project_id, new_limits, user_id=None,
           force=False):
    """Set ``new_limits`` (``{resource: int}``) for the project or its
    user: all validated first (400 naming the first bad one, nothing
    written), then stored in one commit."""
    if not force:
        settable = get_settable_quotas(conf, context, project_id, user_id)
        for resource, limit in new_limits.items():
            _validate(resource, limit, *settable[resource])
    if new_limits:
        quotas_obj.Quotas.set_limits(context, project_id, new_limits,
                                     user_id=user_id)


def delete(context, project_id, user_id=None):
    """Back to the defaults: the project's limits and all its users', or
    just the user's."""
    if user_id is None:
        quotas_obj.Quotas.destroy_all_by_project(context, project_id)
    else:
        quotas_obj.Quotas.destroy_all_by_project_and_user(
            context, project_id, user_id)
