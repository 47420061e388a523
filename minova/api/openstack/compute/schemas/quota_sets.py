"""Request bodies and query strings of ``/os-quota-sets`` and ``/limits``
(Nova's ``schemas/quota_sets.py`` and ``schemas/limits.py``): which quotas
a PUT may name shrinks at 2.36 and 2.57; unknown query parameters are
ignored before 2.75 and refused from it."""

from minova.api.openstack.compute.schemas import parameter_types
from minova.compute import quota

# An integer, or a string of one; -1 is unlimited.
_limit = {
    'type': ['integer', 'string'],
    'pattern': '^-?[0-9]+$',
    'minimum': -1,
    'maximum': parameter_types.MAX_INT,
}

# Dropped from the API with nova-network's proxies (2.36) and with
# personality files (2.57).
NETWORK_QUOTAS = ('fixed_ips', 'floating_ips', 'security_groups',
                  'security_group_rules')
PERSONALITY_QUOTAS = ('injected_files', 'injected_file_content_bytes',
                      'injected_file_path_bytes')


def _update(dropped, networks):
    properties = {name: _limit for name in quota.RESOURCE_NAMES
                  if name not in dropped}
    properties['force'] = parameter_types.boolean
    if networks:
        # Accepted only to be refused with a clear message, as in Nova.
        properties['networks'] = _limit
    return {
        'type': 'object',
        'properties': {
            'quota_set': {
                'type': 'object',
                'properties': properties,
                'additionalProperties': False,
            },
        },
        'required': ['quota_set'],
        'additionalProperties': False,
    }


update = _update((), networks=True)
update_v236 = _update(NETWORK_QUOTAS, networks=False)
update_v257 = _update(NETWORK_QUOTAS + PERSONALITY_QUOTAS, networks=False)


def _query(name, strict):
    """A query string of one string parameter; others are refused when
    ``strict`` (2.75) and ignored before."""
    return {
        'type': 'object',
        'properties': {name: {'type': 'array', 'items': {'type': 'string'}}},
        'additionalProperties': not strict,
    }


show_query = _query('user_id', strict=False)
show_query_v275 = _query('user_id', strict=True)
limits_query = _query('tenant_id', strict=False)
limits_query_v275 = _query('tenant_id', strict=True)
