"""``/flavors/{flavor_id}/os-extra_specs``: the key/value pairs of a flavor
that filters and drivers read (Nova's ``flavors_extraspecs.py``). Anyone
may read those of a flavor they can see (a private one: admins only); only
admins write them."""

import webob.exc

from minova.api.openstack.compute.schemas import flavors_extraspecs as schema
from minova.api import validation
from minova import exception
from minova import flavors


def _as_strings(specs):
    # A number or a boolean is stored as its text, as Nova stores it.
    return {key: str(value) for key, value in specs.items()}


class FlavorExtraSpecsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req, flavor_id):
        return {'extra_specs': dict(
            flavors.get_flavor_by_flavor_id(flavor_id,
                                            req.context).extra_specs)}

    @validation.schema(schema.create)
    def create(self, req, flavor_id, body):
        specs = _as_strings(body['extra_specs'])
        flavors.update_extra_specs(flavor_id, specs)
        return {'extra_specs': specs}

    def show(self, req, flavor_id, key):
        specs = flavors.get_flavor_by_flavor_id(flavor_id,
                                                req.context).extra_specs
        if key not in specs:
            raise exception.NotFound(
                'Flavor %s has no extra specs with key %s.'
                % (flavor_id, key))
        return {key: specs[key]}

    @validation.schema(schema.update)
    def update(self, req, flavor_id, key, body):
        if key not in body:
            raise webob.exc.HTTPBadRequest(
                explanation='Request body and URI mismatch')
        specs = _as_strings(body)
        flavors.update_extra_specs(flavor_id, specs)
        return specs

    def delete(self, req, flavor_id, key):
        try:
            flavors.delete_extra_spec(flavor_id, key)
        except exception.FlavorNotFound:
            raise
        except exception.NotFound:
            raise exception.NotFound(
                'Flavor %s has no extra specs with key %s.'
                % (flavor_id, key))
