"""ImagePropertiesFilter: only hosts that can run the image's kind of
guest."""

import numpy as np
from oslo_utils import versionutils

from minova.scheduler import filters

# The image properties read, with the older names Nova also honoured.
_PROPERTIES = (('hw_architecture', 'architecture'),
               ('img_hv_type', 'hypervisor_type'),
               ('hw_vm_mode', 'vm_mode'))
_VERSION_PROPERTY = 'img_hv_requested_version'

# Other spellings of one thing, as images and hypervisors use them.
_CANONICAL = {
    'amd64': 'x86_64', 'x64': 'x86_64', 'x86': 'i686', 'i386': 'i686',
    'i486': 'i686', 'i586': 'i686', 'arm64': 'aarch64',
    'ppc64el': 'ppc64le', 'hv': 'hvm', 'baremetal': 'hvm', 'pv': 'xen',
    'xapi': 'xen',
}

_OPERATORS = {
    '>=': lambda a, b: a >= b, '<=': lambda a, b: a <= b,
    '>': lambda a, b: a > b, '<': lambda a, b: a < b,
    '==': lambda a, b: a == b, '!=': lambda a, b: a != b,
}


def _canonical(value):
    if not value:
        return None
    value = value.strip().lower()
    return _CANONICAL.get(value, value)


def wanted_instance_type(spec_obj):
    """``(arch, hv_type, vm_mode)`` the image asks for, each None when it
    does not say."""
    properties = spec_obj.image.get('properties', None) or {}
    return tuple(_canonical(properties.get(name) or properties.get(old))
                 for name, old in _PROPERTIES)


def _version_clauses(requirement):
    """``[(compare, version tuple)]`` of ``">= 2.6, < 3"``; a clause
    without an operator means ``==``."""
    clauses = []
    for clause in requirement.split(','):
        clause = clause.strip()
        op = next((op for op in sorted(_OPERATORS, key=len, reverse=True)
                   if clause.startswith(op)), '==')
        version = clause[len(op):].strip() if clause.startswith(op) \
            else clause
        clauses.append((_OPERATORS[op],
                        versionutils.convert_version_to_tuple(version)))
    return clauses


def supports(instance_types, wanted):
    """Whether one of a host's ``(arch, hv_type, vm_mode)`` triples has
    every part the image asks for."""
    return any(all(part is None or part == offered
                   for part, offered in zip(wanted, triple))
               for triple in instance_types)


def version_ok(hypervisor_version, clauses):
    """Whether a host's hypervisor version (an int, as computes report it:
    major * 1,000,000 + minor * 1,000 + micro) meets every clause."""
    if not hypervisor_version:
        return True     # unknown: as Nova, not held against the host
    version = versionutils.convert_version_to_tuple(
        versionutils.convert_version_to_str(hypervisor_version))
    return all(compare(version, wanted) for compare, wanted in clauses)


class ImagePropertiesFilter(filters.BaseHostFilter):
    """Passes a host that can run the image's guest: when the image sets
    ``hw_architecture``, ``img_hv_type`` or ``hw_vm_mode``, one of the
    host's ``supported_instances`` (``(arch, hv_type, vm_mode)`` triples its
    compute reports) must have each of them, and the host's
    ``hypervisor_version`` must meet ``img_hv_requested_version`` (e.g.
    ``>= 2.6, < 9``). An image that sets none of the three passes every
    host, as in Nova.
    """

    run_on_each_instance = False

    RUN_ON_REBUILD = True

    def _request(self, spec_obj):
        wanted = wanted_instance_type(spec_obj)
        requirement = (spec_obj.image.get('properties', None) or {}).get(
            _VERSION_PROPERTY)
        return wanted, _version_clauses(requirement) if requirement else []

    def host_passes(self, host_state, spec_obj):
        wanted, clauses = self._request(spec_obj)
        if not any(wanted):
            return True
        return (supports(host_state.supported_instances, wanted)
                and version_ok(host_state.hypervisor_version, clauses))

    def filter_mask(self, hosts, spec_obj):
        wanted, clauses = self._request(spec_obj)
        if not any(wanted):
            return np.ones(len(hosts), dtype=bool)
        return (hosts.judge_distinct('supported_instances',
                                     lambda types: supports(types, wanted))
                & hosts.judge_distinct('hypervisor_version',
                                       lambda v: version_ok(v, clauses)))

    def rejection_reason(self, hosts, spec_obj):
        wanted, clauses = self._request(spec_obj)
        asked = ', '.join('%s=%s' % (name, value) for (name, _), value in
                          zip(_PROPERTIES, wanted) if value)
        offered = sorted({'/'.join(triple) for state in hosts.states()
                          for triple in state.supported_instances})
        reason = 'image asks for %s; hosts run %s' % (
            asked, ', '.join(offered) or 'no declared guest types')
        if clauses:
            reason += ' (and %s %s)' % (
                _VERSION_PROPERTY,
                spec_obj.image.properties.get(_VERSION_PROPERTY))
        return reason
