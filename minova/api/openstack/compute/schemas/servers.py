"""Request bodies of ``/servers`` (Nova's ``schemas/servers.py``), one
per microversion range that changed them; ``CREATE`` and ``UPDATE`` list
each with its range."""

import copy

from minova.api.openstack.compute.schemas import parameter_types

_block_device_mapping_v2_item = {
    'type': 'object',
    'properties': {
        # The block_device_mapping_v2 keys...
        'source_type': {'type': 'string',
                        'enum': ['volume', 'image', 'snapshot', 'blank']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'image_id': parameter_types.uuid,
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'guest_format': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'boot_index': {'type': ['integer', 'string', 'null'],
                       'pattern': '^-?[0-9]+$'},
        # ... and the legacy ones Nova accepts in the same entries.
        'virtual_name': {'type': 'string', 'maxLength': 255},
        'volume_id': parameter_types.uuid,
        'snapshot_id': parameter_types.uuid,
        'volume_size': parameter_types.volume_size,
        'delete_on_termination': parameter_types.boolean,
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9._/-]*$'},
    },
    'additionalProperties': False,
}

_network = {
    'type': 'object',
    'properties': {
        'fixed_ip': parameter_types.ip_address,
        'port': {'oneOf': [parameter_types.uuid, {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}

# Nova's hints; others pass to the scheduler as they are.
_hints = {
    'type': 'object',
    'properties': {
        'group': parameter_types.uuid,
        'different_host': {'oneOf': [
            parameter_types.uuid,
            {'type': 'array', 'items': parameter_types.uuid}]},
        'same_host': {'type': ['string', 'array'],
                      'items': parameter_types.uuid},
    },
    'additionalProperties': True,
}

# What PUT /servers/{id} may change, which POST /servers sets too.
_updatable = {
    'name': parameter_types.name,
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': parameter_types.access_ipv4,
    'accessIPv6': parameter_types.access_ipv6,
}

create = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': dict(_updatable, **{
                'imageRef': parameter_types.image_id_or_empty_string,
                'flavorRef': parameter_types.flavor_ref,
                'adminPass': parameter_types.admin_password,
                'metadata': parameter_types.metadata,
                'networks': {'type': 'array', 'items': _network},
                'availability_zone': parameter_types.name,
                'block_device_mapping_v2': {
                    'type': 'array', 'items': _block_device_mapping_v2_item},
                'config_drive': parameter_types.boolean,
                'key_name': parameter_types.name,
                'min_count': parameter_types.positive_integer,
                'max_count': parameter_types.positive_integer,
                'return_reservation_id': parameter_types.boolean,
                'security_groups': {
                    'type': 'array',
                    'items': {
                        'type': 'object',
                        'properties': {'name': {'type': 'string',
                                                'minLength': 1,
                                                'maxLength': 255}},
                        'additionalProperties': False,
                    },
                },
                'user_data': {'type': 'string', 'maxLength': 65535},
            }),
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        'os:scheduler_hints': _hints,
        'OS-SCH-HNT:scheduler_hints': _hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': _updatable,
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _derive(schema, change):
    """A copy of ``schema`` whose ``server`` properties ``change`` edits."""
    derived = copy.deepcopy(schema)
    change(derived['properties']['server'])
    return derived


def _tag_networks(server):
    server['properties']['networks']['items']['properties']['tag'] = (
        parameter_types.tag)


def _tag_bdms(server):
    server['properties']['block_device_mapping_v2']['items'][
        'properties']['tag'] = parameter_types.tag


def _v237_networks(server, tagged=False):
    """2.37: networks required, a list or "auto" (one network) or "none"
    (none); uuids must be uuids."""
    network = copy.deepcopy(_network)
    network['properties']['uuid'] = parameter_types.uuid
    if tagged:
        network['properties']['tag'] = parameter_types.tag
    server['properties']['networks'] = {'oneOf': [
        {'type': 'array', 'items': network},
        {'type': 'string', 'enum': ['none', 'auto']}]}
    if 'networks' not in server['required']:
        server['required'].append('networks')


def _set(**properties):
    return lambda server: server['properties'].update(properties)


create_v219 = _derive(create, _set(description=parameter_types.description))
create_v232 = _derive(create_v219, lambda s: (_tag_networks(s),
                                              _tag_bdms(s)))
# Nova's accident: 2.33 to 2.36 keep the network tag, not the device's.
create_v233 = _derive(create_v219, _tag_networks)
create_v237 = _derive(create_v233, _v237_networks)
create_v242 = _derive(create_v237, lambda s: (
    _v237_networks(s, tagged=True), _tag_bdms(s)))
create_v252 = _derive(create_v242, _set(tags={
    'type': 'array', 'items': parameter_types.tag, 'maxItems': 50}))
create_v263 = _derive(create_v252, _set(trusted_image_certificates={
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True,
    'items': {'type': 'string', 'minLength': 1}}))
create_v267 = _derive(create_v263, lambda s: s['properties'][
    'block_device_mapping_v2']['items']['properties'].update(
    volume_type={'type': ['string', 'null'], 'minLength': 0,
                 'maxLength': 255}))
create_v274 = _derive(create_v267, _set(
    host=parameter_types.hostname,
    hypervisor_hostname=parameter_types.hostname))

#: (schema, min version, max version) of POST /servers.
CREATE = ((create, '2.1', '2.18'), (create_v219, '2.19', '2.31'),
          (create_v232, '2.32', '2.32'), (create_v233, '2.33', '2.36'),
          (create_v237, '2.37', '2.41'), (create_v242, '2.42', '2.51'),
          (create_v252, '2.52', '2.62'), (create_v263, '2.63', '2.66'),
          (create_v267, '2.67', '2.73'), (create_v274, '2.74', None))

update_v219 = _derive(update, _set(description=parameter_types.description))

#: (schema, min version, max version) of PUT /servers/{id}.
UPDATE = ((update, '2.1', '2.18'), (update_v219, '2.19', None))
