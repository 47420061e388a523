"""Building blocks of the request schemas, as Nova's
``nova/api/validation/parameter_types.py`` defines them."""

import copy

# The largest value an Integer column holds.
MAX_INT = 2147483647

UUID_PATTERN = ('^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                '[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$')

# A metadata key (Nova's), to the very end: a trailing newline is refused.
METADATA_KEY_PATTERN = r'^[a-zA-Z0-9-_:. ]{1,255}\Z'

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on',
             'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off',
             'NO', 'No', 'no'],
}

# Printable (no control, format or bidi-override character), without
# leading or trailing whitespace: Nova's 'name' (minova.api.validation).
name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name',
}

uuid = {'type': 'string', 'pattern': UUID_PATTERN}

positive_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 1, 'minLength': 1,
}

non_negative_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 0, 'minLength': 1,
}

image_id_or_empty_string = {
    'oneOf': [uuid, {'type': 'string', 'maxLength': 0}],
}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

admin_password = {'type': 'string'}

metadata = {
    'type': 'object',
    'patternProperties': {
        METADATA_KEY_PATTERN: {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

metadata_with_max_properties_1 = copy.deepcopy(metadata)
metadata_with_max_properties_1.update({'minProperties': 1,
                                       'maxProperties': 1})

ip_address = {'type': 'string', 'oneOf': [{'format': 'ipv4'},
                                          {'format': 'ipv6'}]}

access_ipv4 = {'type': 'string', 'format': 'ipv4'}
access_ipv6 = {'type': 'string', 'format': 'ipv6'}

volume_size = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
    'minimum': 1, 'maximum': MAX_INT,
}

hostname = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': '^[a-zA-Z0-9-._]*$',
}

flavor_param_positive = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
    'minimum': 1, 'maximum': MAX_INT,
}

flavor_param_non_negative = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]*$',
    'minimum': 0, 'maximum': MAX_INT,
}

# A server's or a device's tag (Nova's, microversions 2.26, 2.32, 2.42).
tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
       'pattern': '^[^,/]*$'}

# A server's or a flavor's description (2.19, 2.55): printable, or null.
description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x1f\x7f]*$'}
