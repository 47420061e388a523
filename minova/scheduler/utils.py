"""What the server group filters and the host hints need from the
database, read once per request (Nova's ``nova/scheduler/utils.py``
names).

:func:`setup_instance_group` runs in the conductor before
``select_destinations``: it fills the request's server group with its live
members and their hosts, so the filters and weighers judge every host
against one list in memory. :func:`hint_hosts` turns the servers named by a
``same_host`` or ``different_host`` hint into their hosts on its first call
for a request, and answers later calls (one per host, on the per-host path)
from the request.
"""

from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_group as instance_group_obj

# Which plugin must be enabled for a policy to be enforced at all.
_POLICY_PLUGINS = {
    instance_group_obj.AFFINITY: ('enabled_filters',
                                  'ServerGroupAffinityFilter'),
    instance_group_obj.ANTI_AFFINITY: ('enabled_filters',
                                       'ServerGroupAntiAffinityFilter'),
    instance_group_obj.SOFT_AFFINITY: ('weight_classes',
                                       'ServerGroupSoftAffinityWeigher'),
    instance_group_obj.SOFT_ANTI_AFFINITY: (
        'weight_classes', 'ServerGroupSoftAntiAffinityWeigher'),
}


def _check_policy_supported(conf, policy):
    """A group whose policy no enabled plugin enforces must not be placed
    as if it had none (Nova's UnsupportedPolicyException)."""
    option, plugin = _POLICY_PLUGINS.get(policy, (None, None))
    if option and plugin not in getattr(conf.filter_scheduler, option):
        raise exception.UnsupportedPolicyException(
            reason='%s not configured in [filter_scheduler] %s' % (
                plugin, option))


def setup_instance_group(conf, context, request_spec):
    """Fill ``request_spec.instance_group`` (if it has one) with the
    group's policy, rules, live members and the hosts of those members
    (one entry per member placed), leaving out the instance being
    scheduled. Raises InstanceGroupNotFound if the group was deleted
    since the boot was accepted."""
    group = request_spec.get('instance_group', None)
    if group is None:
        return
    current = instance_group_obj.InstanceGroup.get_by_uuid(context,
                                                           group.uuid)
    _check_policy_supported(conf, current.policy)
    group.policy = current.policy
    group.rules = current.rules
    group.members = current.members
    group.hosts = current.get_hosts(
        exclude=[request_spec.instance_uuid]
        if request_spec.obj_attr_is_set('instance_uuid') else None)


def hint_hosts(spec_obj, hint):
    """The hosts of the live servers named by the scheduler hint ``hint``
    (a frozenset; empty without the hint), read from the database once per
    request spec."""
    cache = spec_obj.__dict__.setdefault('_minova_hint_hosts', {})
    if hint not in cache:
        uuids = spec_obj.scheduler_hints.get(hint) if \
            spec_obj.obj_attr_is_set('scheduler_hints') else None
        hosts = frozenset()
        if uuids:
            hosts = frozenset(
                instance.host for instance in
                instance_obj.InstanceList.get_by_filters(
                    None, {'uuid': list(uuids)}, expected_attrs=())
                if instance.host)
        cache[hint] = hosts
    return cache[hint]


def group_with_policy(spec_obj, policy):
    """The request's server group if its policy is ``policy``, else None."""
    group = spec_obj.get('instance_group', None)
    if group is None or group.get('policy', None) != policy:
        return None
    return group


def group_hosts(group):
    """The hosts of the group's placed members (one entry per member)."""
    return group.get('hosts', None) or []


#: The scheduler hint Nova marks a rebuild's host check with.
_CHECK_TYPE = '_nova_check_type'


def mark_rebuild(spec_obj, host):
    """Make ``spec_obj`` a rebuild's check of ``host``: only that host,
    only the filters that judge the image (``RUN_ON_REBUILD``), and
    nothing claimed (the server keeps the claim it has)."""
    hints = dict(spec_obj.get('scheduler_hints', None) or {})
    hints[_CHECK_TYPE] = ['rebuild']
    spec_obj.scheduler_hints = hints
    spec_obj.force_hosts = [host]
    spec_obj.ignore_hosts = []


def request_is_rebuild(spec_obj):
    """Whether ``spec_obj`` is a rebuild's check (:func:`mark_rebuild`)."""
    hints = spec_obj.get('scheduler_hints', None) or {}
    return hints.get(_CHECK_TYPE) == ['rebuild']
