"""Request bodies of ``/flavors/{id}/os-extra_specs`` (Nova's
``schemas/flavors_extraspecs.py``)."""

import copy

from minova.api.openstack.compute.schemas import parameter_types

_metadata = {
    'type': 'object',
    'patternProperties': {
        parameter_types.METADATA_KEY_PATTERN: {
            'type': ['string', 'number', 'boolean'],
            # A number or boolean becomes its string.
            'minLength': 0, 'maxLength': 255,
        },
    },
    'additionalProperties': False,
}

create = {
    'type': 'object',
    'properties': {'extra_specs': _metadata},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

update = copy.deepcopy(_metadata)
update.update({'minProperties': 1, 'maxProperties': 1})
