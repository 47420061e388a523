"""Tempest's response schemas, matched to the answers of the functional tests.

Every JSON answer :class:`~minova.tests.functional.fixtures.APIClient`
receives with a 2xx status is checked against the schema Tempest holds for
its route and method at the microversion the answer says it was produced
at (``OpenStack-API-Version``): the schema of the newest
``tempest/lib/api_schema/response/compute/v2_N`` module at or below that
version which defines it. A status the schema does not list fails too.

Routes Tempest has no schema for (``/servers/{id}/action`` but for
createImage, ``/os-volumes``, ``/os-snapshots``, the extra specs' items,
``/servers/{id}/ips/{network}``...) are not checked; :data:`ROUTES` is the
list of those that are.
"""

import functools
import importlib
import pkgutil
import re

import jsonschema
from tempest.lib.common import jsonschema_validator

_PACKAGE = 'tempest.lib.api_schema.response.compute'

_ID = '[^/]+'

# (method, path pattern below /v2.1, tempest module, schema name)
ROUTES = [
    ('GET', r'/?', 'versions', 'get_version'),
    ('GET', r'/servers', 'servers', 'list_servers'),
    ('GET', r'/servers/detail', 'servers', 'list_servers_detail'),
    ('GET', r'/servers/{id}', 'servers', 'get_server'),
    ('PUT', r'/servers/{id}', 'servers', 'update_server'),
    ('DELETE', r'/servers/{id}', 'servers', 'delete_server'),
    ('GET', r'/servers/{id}/ips', 'servers', 'list_addresses'),
    ('GET', r'/servers/{id}/metadata', 'servers', 'list_server_metadata'),
    ('PUT', r'/servers/{id}/metadata', 'servers', 'set_server_metadata'),
    ('POST', r'/servers/{id}/metadata', 'servers', 'update_server_metadata'),
    ('GET', r'/servers/{id}/metadata/{id}', 'servers',
     'set_show_server_metadata_item'),
    ('PUT', r'/servers/{id}/metadata/{id}', 'servers',
     'set_show_server_metadata_item'),
    ('DELETE', r'/servers/{id}/metadata/{id}', 'servers',
     'delete_server_metadata_item'),
    ('GET', r'/servers/{id}/tags', 'servers', 'list_tags'),
    ('PUT', r'/servers/{id}/tags', 'servers', 'update_all_tags'),
    ('DELETE', r'/servers/{id}/tags', 'servers', 'delete_all_tags'),
    ('GET', r'/servers/{id}/tags/{id}', 'servers', 'check_tag_existence'),
    ('PUT', r'/servers/{id}/tags/{id}', 'servers', 'update_tag'),
    ('DELETE', r'/servers/{id}/tags/{id}', 'servers', 'delete_tag'),
    ('GET', r'/servers/{id}/os-volume_attachments', 'servers',
     'list_volume_attachments'),
    ('POST', r'/servers/{id}/os-volume_attachments', 'servers',
     'attach_volume'),
    ('GET', r'/servers/{id}/os-volume_attachments/{id}', 'servers',
     'show_volume_attachment'),
    ('DELETE', r'/servers/{id}/os-volume_attachments/{id}', 'servers',
     'detach_volume'),
    ('GET', r'/servers/{id}/os-instance-actions', 'servers',
     'list_instance_actions'),
    ('GET', r'/servers/{id}/os-instance-actions/{id}', 'servers',
     'show_instance_action'),
    ('GET', r'/servers/{id}/os-server-password', 'servers',
     'show_password'),
    ('DELETE', r'/servers/{id}/os-server-password', 'servers',
     'server_actions_delete_password'),
    ('GET', r'/flavors', 'flavors', 'list_flavors'),
    ('GET', r'/flavors/detail', 'flavors', 'list_flavors_details'),
    ('GET', r'/flavors/{id}', 'flavors', 'create_update_get_flavor_details'),
    ('PUT', r'/flavors/{id}', 'flavors', 'create_update_get_flavor_details'),
    ('POST', r'/flavors', 'flavors', 'create_update_get_flavor_details'),
    ('DELETE', r'/flavors/{id}', 'flavors', 'delete_flavor'),
    ('GET', r'/flavors/{id}/os-extra_specs', 'flavors_extra_specs',
     'set_get_flavor_extra_specs'),
    ('POST', r'/flavors/{id}/os-extra_specs', 'flavors_extra_specs',
     'set_get_flavor_extra_specs'),
    ('GET', r'/images', 'images', 'list_images'),
    ('GET', r'/images/detail', 'images', 'list_images_details'),
    ('GET', r'/images/{id}', 'images', 'get_image'),
    ('GET', r'/os-server-groups', 'server_groups', 'list_server_groups'),
    ('POST', r'/os-server-groups', 'server_groups',
     'create_show_server_group'),
    ('GET', r'/os-server-groups/{id}', 'server_groups',
     'create_show_server_group'),
    ('DELETE', r'/os-server-groups/{id}', 'server_groups',
     'delete_server_group'),
    ('GET', r'/os-services', 'services', 'list_services'),
    ('GET', r'/os-hypervisors/detail', 'hypervisors',
     'list_hypervisors_detail'),
    ('GET', r'/os-hypervisors/{id}', 'hypervisors', 'get_hypervisor'),
    ('GET', r'/os-aggregates', 'aggregates', 'list_aggregates'),
    ('POST', r'/os-aggregates', 'aggregates', 'create_aggregate'),
    ('GET', r'/os-aggregates/{id}', 'aggregates', 'get_aggregate'),
    ('PUT', r'/os-aggregates/{id}', 'aggregates', 'update_aggregate'),
    ('DELETE', r'/os-aggregates/{id}', 'aggregates', 'delete_aggregate'),
    ('GET', r'/os-availability-zone', 'availability_zone',
     'list_availability_zone_list'),
    ('GET', r'/os-availability-zone/detail', 'availability_zone',
     'list_availability_zone_list_detail'),
]

_COMPILED = [
    (method, re.compile('^%s$' % pattern.replace('{id}', _ID)), module, name)
    for method, pattern, module, name in ROUTES]
_VERSION = re.compile(r'compute (\d+)\.(\d+)')


@functools.lru_cache(maxsize=1)
def _tempest_versions():
    """The minor versions Tempest has a module folder for, newest first."""
    package = importlib.import_module(_PACKAGE)
    minors = [int(info.name[3:]) for info in
              pkgutil.iter_modules(package.__path__)
              if info.name.startswith('v2_')]
    return sorted(minors, reverse=True)


@functools.lru_cache(maxsize=None)
def find(method, route_module, name, minor):
    """Tempest's schema ``name`` of ``route_module`` at 2.``minor``."""
    for version in _tempest_versions():
        if version > minor:
            continue
        try:
            module = importlib.import_module(
                '%s.v2_%d.%s' % (_PACKAGE, version, route_module))
        except ImportError:
            continue
        if hasattr(module, name):
            return getattr(module, name)
    return None


def schema_for(method, path, version_header):
    """The schema of an answer to ``method path`` (no query, below
    /v2.1) produced at ``version_header``, or None."""
    match = _VERSION.search(version_header or '')
    minor = int(match.group(2)) if match else 1
    for route_method, pattern, module, name in _COMPILED:
        if route_method == method and pattern.match(path):
            return find(method, module, name, minor)
    return None


def check(method, path, status, version_header, body):
    """AssertionError if a 2xx answer does not match Tempest's schema."""
    if not 200 <= status < 300:
        return
    path = path.split('?', 1)[0]
    schema = schema_for(method, path, version_header)
    if schema is None:
        return
    if status not in schema['status_code']:
        raise AssertionError('%s %s (%s): status %d, Tempest expects %s' % (
            method, path, version_header, status, schema['status_code']))
    if 'response_body' in schema:
        try:
            # Tempest's validator, with its formats (ipv4, date-time...).
            jsonschema_validator.JSONSCHEMA_VALIDATOR(
                schema['response_body'],
                format_checker=jsonschema_validator.FORMAT_CHECKER).validate(
                body)
        except jsonschema.ValidationError as e:
            raise AssertionError(
                '%s %s (%s) does not match Tempest\'s schema: %s at %s' % (
                    method, path, version_header, e.message,
                    '/'.join(str(p) for p in e.absolute_path)))
