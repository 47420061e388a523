"""Request bodies of ``/servers`` (Nova's ``schemas/servers.py``, 2.1)."""

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
                # A list of networks as in 2.1, or Nova 2.37's "auto" and
                # "none" (no network at all).
                'networks': {'oneOf': [
                    {'type': 'array', 'items': _network},
                    {'type': 'string', 'enum': ['none', 'auto']}]},
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
