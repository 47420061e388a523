"""``/flavors``: list and show flavors; admins create and delete them
and, from 2.55, give them a description on create or with PUT (Nova's
``flavors.py`` and ``flavor_manage.py``); the lists refuse unknown query
parameters from 2.75.

A server keeps its own copy of its flavor, so deleting a flavor never
changes a server booted from it.
"""

import webob.exc

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import flavors as schema
from minova.api.openstack.compute.views import flavors as views_flavors
from minova.api import validation
from minova.api import wsgi
from minova import exception
from minova import flavors

SORT_DIRS = ('asc', 'desc')


def _integer(values, key, minimum):
    """An integer field of a flavor body (the schema lets numeric strings
    through, "" too)."""
    value = values.get(key, minimum if minimum == 0 else None)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise exception.ValidationError(message=(
            'Invalid input for field/attribute %s. Value: %s. %s must be an '
            'integer' % (key, value, key)))
    if number < minimum:
        raise exception.ValidationError(message=(
            'Invalid input for field/attribute %s. Value: %s. %s must be >= '
            '%d' % (key, value, key, minimum)))
    if number > common.MAX_DB_ID:
        raise exception.ValidationError(message=(
            'Invalid input for field/attribute %s. Value: %s. %s must be <= '
            '%d' % (key, value, key, common.MAX_DB_ID)))
    return number


class FlavorsController:

    def __init__(self, conf):
        self.conf = conf
        self._view_builder = views_flavors.ViewBuilder()

    @validation.query_schema(schema.index_query_v275, '2.75')
    def index(self, req):
        return self._view_builder.index(req, self._get_flavors(req))

    @validation.query_schema(schema.index_query_v275, '2.75')
    def detail(self, req):
        return self._view_builder.detail(req, self._get_flavors(req))

    def show(self, req, flavor_id):
        return self._view_builder.show(
            req, flavors.get_flavor_by_flavor_id(flavor_id, req.context))

    def _get_flavors(self, req):
        params = req.GET
        limit, marker = common.get_limit_and_marker(req)
        sort_key = params.get('sort_key') or 'flavorid'
        sort_dir = params.get('sort_dir') or 'asc'
        if sort_dir not in SORT_DIRS:
            raise webob.exc.HTTPBadRequest(
                explanation="Invalid sort_dir [%s]: 'asc' or 'desc'"
                % sort_dir)
        if req.context.is_admin:
            # Only admins may see the private flavors (is_public=none/false).
            is_public = self._parse_is_public(params.get('is_public'))
        else:
            is_public = True
        filters = {}
        for param, key in (('minRam', 'min_memory_mb'),
                           ('minDisk', 'min_root_gb')):
            if param in params:
                try:
                    # Beyond the column's range, nothing matches anyway.
                    filters[key] = min(int(params[param]), common.MAX_DB_ID)
                except ValueError:
                    raise webob.exc.HTTPBadRequest(
                        explanation='Invalid %s filter [%s]'
                        % (param, params[param]))
        try:
            return flavors.get_all_flavors(
                is_public=is_public, limit=limit, marker=marker,
                sort_key=sort_key, sort_dir=sort_dir, **filters)
        except exception.MarkerNotFound:
            raise common.marker_not_found(marker)

    @staticmethod
    def _parse_is_public(is_public):
        """Nova's rule: absent means public only, ``none`` means all."""
        if is_public is None:
            return True
        if is_public.strip().lower() == 'none':
            return None
        return common.parse_bool(is_public, 'is_public')

    # -- admin ---------------------------------------------------------------

    @validation.versioned_schema(schema.CREATE)
    def create(self, req, body):
        values = body['flavor']
        flavorid = values.get('id')
        flavor = flavors.create(
            name=values['name'],
            memory_mb=_integer(values, 'ram', 1),
            vcpus=_integer(values, 'vcpus', 1),
            root_gb=_integer(values, 'disk', 0),
            ephemeral_gb=_integer(values, 'OS-FLV-EXT-DATA:ephemeral', 0),
            swap=_integer(values, 'swap', 0),
            rxtx_factor=float(values.get('rxtx_factor', 1.0)),
            is_public=common.parse_bool(
                values.get('os-flavor-access:is_public', True),
                'os-flavor-access:is_public'),
            flavorid=None if flavorid is None else str(flavorid),
            description=values.get('description'))
        return self._view_builder.show(req, flavor)

    @microversion.version_handler(views_flavors.DESCRIPTION_VERSION)
    @validation.schema(schema.update)
    def update(self, req, flavor_id, body):
        """PUT /flavors/{id} (2.55): change the description, the only
        thing of a flavor that changes."""
        return self._view_builder.show(req, flavors.update_description(
            flavor_id, body['flavor']['description']))

    @wsgi.response(202)
    def delete(self, req, flavor_id):
        flavors.destroy(flavor_id)
