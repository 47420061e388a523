"""Every successful answer the functional tests see, checked against
Tempest's JSON schema of that route at that microversion -- the schemas
Tempest's own compute clients check Nova with -- so that a missing,
extra (where Tempest forbids it) or mistyped field fails the test that saw
it.

Tempest keeps, per client, which schema module serves which microversion
(``schema_versions_info``) and, per client method, which schema of the
module checks the answer. :data:`_ROUTES` is the second part, written
out: a route of minova's (method, path pattern under ``/v2.1``), the
client whose version table applies, and the schema's name. Routes not in
it (and answers that are not 2xx, as in Tempest) are not checked.
"""

import re
import types

import jsonschema

try:
    from tempest.lib.api_schema.response.compute.v2_1 import \
        availability_zone as az_schema
    from tempest.lib.api_schema.response.compute.v2_1 import \
        extensions as extensions_schema
    from tempest.lib.api_schema.response.compute.v2_1 import \
        flavors_extra_specs as extra_specs_schema
    from tempest.lib.api_schema.response.compute.v2_1 import \
        snapshots as snapshots_schema
    from tempest.lib.api_schema.response.compute.v2_1 import \
        services as services_v2_1
    from tempest.lib.api_schema.response.compute.v2_11 import \
        services as services_v2_11
    from tempest.lib.api_schema.response.compute.v2_1 import \
        versions as versions_schema
    from tempest.lib.api_schema.response.compute.v2_1 import \
        volumes as volumes_schema
    from tempest.lib.common import rest_client
    from tempest.lib.services.compute import aggregates_client
    from tempest.lib.services.compute import flavors_client
    from tempest.lib.services.compute import hypervisor_client
    from tempest.lib.services.compute import images_client
    from tempest.lib.services.compute import keypairs_client
    from tempest.lib.services.compute import limits_client
    from tempest.lib.services.compute import migrations_client
    from tempest.lib.services.compute import quotas_client
    from tempest.lib.services.compute import server_groups_client
    from tempest.lib.services.compute import servers_client
    from tempest.lib.services.compute import services_client
except ImportError:  # pragma: no cover - test-requirements has tempest
    rest_client = None

_ID = r'[^/]+'


def _table():
    servers = servers_client.ServersClient
    flavors = flavors_client.FlavorsClient
    images = images_client.ImagesClient
    groups = server_groups_client.ServerGroupsClient
    hypervisors = hypervisor_client.HypervisorClient
    services = services_client.ServicesClient
    aggregates = aggregates_client.AggregatesClient
    keypairs = keypairs_client.KeyPairsClient
    quotas = quotas_client.QuotasClient
    volumes = volumes_schema
    snapshots = snapshots_schema
    server = '/servers/' + _ID
    return (
        ('GET', '', versions_schema, 'get_one_version'),
        ('GET', '/', versions_schema, 'get_one_version'),
        ('GET', '/extensions', extensions_schema, 'list_extensions'),
        ('GET', '/servers', servers, 'list_servers'),
        ('GET', '/servers/detail', servers, 'list_servers_detail'),
        ('GET', server, servers, 'get_server'),
        ('PUT', server, servers, 'update_server'),
        ('DELETE', server, servers, 'delete_server'),
        ('GET', server + '/ips', servers, 'list_addresses'),
        ('GET', server + '/ips/' + _ID, servers,
         'list_addresses_by_network'),
        ('GET', server + '/os-server-password', servers, 'show_password'),
        ('DELETE', server + '/os-server-password', servers,
         'server_actions_delete_password'),
        ('GET', server + '/tags', servers, 'list_tags'),
        ('PUT', server + '/tags', servers, 'update_all_tags'),
        ('DELETE', server + '/tags', servers, 'delete_all_tags'),
        ('GET', server + '/tags/' + _ID, servers, 'check_tag_existence'),
        ('PUT', server + '/tags/' + _ID, servers, 'update_tag'),
        ('DELETE', server + '/tags/' + _ID, servers, 'delete_tag'),
        ('GET', server + '/metadata', servers, 'list_server_metadata'),
        ('PUT', server + '/metadata', servers, 'set_server_metadata'),
        ('POST', server + '/metadata', servers, 'update_server_metadata'),
        ('GET', server + '/metadata/' + _ID, servers,
         'set_show_server_metadata_item'),
        ('PUT', server + '/metadata/' + _ID, servers,
         'set_show_server_metadata_item'),
        ('DELETE', server + '/metadata/' + _ID, servers,
         'delete_server_metadata_item'),
        ('POST', server + '/action', servers, None),
        ('GET', server + '/os-instance-actions', servers,
         'list_instance_actions'),
        ('GET', server + '/migrations', servers, 'list_live_migrations'),
        ('GET', '/os-migrations', migrations_client.MigrationsClient,
         'list_migrations'),
        ('GET', server + '/os-instance-actions/' + _ID, servers,
         'show_instance_action'),
        ('POST', server + '/os-volume_attachments', servers,
         'attach_volume'),
        ('GET', server + '/os-volume_attachments', servers,
         'list_volume_attachments'),
        ('GET', server + '/os-volume_attachments/' + _ID, servers,
         'show_volume_attachment'),
        ('PUT', server + '/os-volume_attachments/' + _ID, servers,
         'update_attached_volume'),
        ('DELETE', server + '/os-volume_attachments/' + _ID, servers,
         'detach_volume'),
        ('GET', '/flavors', flavors, 'list_flavors'),
        ('GET', '/flavors/detail', flavors, 'list_flavors_details'),
        ('GET', '/flavors/' + _ID, flavors,
         'create_update_get_flavor_details'),
        ('POST', '/flavors', flavors, 'create_update_get_flavor_details'),
        ('PUT', '/flavors/' + _ID, flavors,
         'create_update_get_flavor_details'),
        ('DELETE', '/flavors/' + _ID, flavors, 'delete_flavor'),
        ('GET', '/flavors/%s/os-extra_specs' % _ID, extra_specs_schema,
         'set_get_flavor_extra_specs'),
        ('POST', '/flavors/%s/os-extra_specs' % _ID, extra_specs_schema,
         'set_get_flavor_extra_specs'),
        ('GET', '/flavors/%s/os-extra_specs/%s' % (_ID, _ID),
         extra_specs_schema, 'set_get_flavor_extra_specs_key'),
        ('PUT', '/flavors/%s/os-extra_specs/%s' % (_ID, _ID),
         extra_specs_schema, 'set_get_flavor_extra_specs_key'),
        ('DELETE', '/flavors/%s/os-extra_specs/%s' % (_ID, _ID),
         extra_specs_schema, 'unset_flavor_extra_specs'),
        ('GET', '/images', images, 'list_images'),
        ('GET', '/images/detail', images, 'list_images_details'),
        ('GET', '/images/' + _ID, images, 'get_image'),
        ('DELETE', '/images/' + _ID, images, 'delete'),
        ('POST', '/os-server-groups', groups, 'create_show_server_group'),
        ('GET', '/os-server-groups', groups, 'list_server_groups'),
        ('GET', '/os-server-groups/' + _ID, groups,
         'create_show_server_group'),
        ('DELETE', '/os-server-groups/' + _ID, groups,
         'delete_server_group'),
        ('GET', '/os-hypervisors', hypervisors, 'list_search_hypervisors'),
        ('GET', '/os-hypervisors/detail', hypervisors,
         'list_hypervisors_detail'),
        ('GET', '/os-hypervisors/statistics', hypervisors,
         'get_hypervisor_statistics'),
        ('GET', '/os-hypervisors/%s/uptime' % _ID, hypervisors,
         'get_hypervisor_uptime'),
        ('GET', '/os-hypervisors/%s/search' % _ID, hypervisors,
         'list_search_hypervisors'),
        ('GET', '/os-hypervisors/%s/servers' % _ID, hypervisors,
         'get_hypervisors_servers'),
        ('GET', '/os-hypervisors/' + _ID, hypervisors, 'get_hypervisor'),
        ('GET', '/os-services', services, 'list_services'),
        # Tempest checks these with its 2.1 and 2.11 schemas whatever the
        # version.
        ('PUT', '/os-services/(enable|disable)', services_v2_1,
         'enable_disable_service'),
        ('PUT', '/os-services/disable-log-reason', services_v2_1,
         'disable_log_reason'),
        ('PUT', '/os-services/force-down', services_v2_11,
         'update_forced_down'),
        # 2.53: a service's uuid (the actions above never match one).
        ('PUT', '/os-services/' + _ID, services, 'update_service'),
        ('DELETE', '/os-services/' + _ID, services, 'delete_service'),
        ('GET', '/os-aggregates', aggregates, 'list_aggregates'),
        ('POST', '/os-aggregates', aggregates, 'create_aggregate'),
        ('GET', '/os-aggregates/' + _ID, aggregates, 'get_aggregate'),
        ('PUT', '/os-aggregates/' + _ID, aggregates, 'update_aggregate'),
        ('DELETE', '/os-aggregates/' + _ID, aggregates, 'delete_aggregate'),
        ('GET', '/os-keypairs', keypairs, 'list_keypairs'),
        ('POST', '/os-keypairs', keypairs, 'create_keypair'),
        ('GET', '/os-keypairs/' + _ID, keypairs, 'get_keypair'),
        ('DELETE', '/os-keypairs/' + _ID, keypairs, 'delete_keypair'),
        ('GET', '/os-quota-sets/%s/detail' % _ID, quotas,
         'get_quota_set_details'),
        ('GET', '/os-quota-sets/%s/defaults' % _ID, quotas, 'get_quota_set'),
        ('GET', '/os-quota-sets/' + _ID, quotas, 'get_quota_set'),
        ('PUT', '/os-quota-sets/' + _ID, quotas, 'update_quota_set'),
        ('DELETE', '/os-quota-sets/' + _ID, quotas, 'delete_quota'),
        ('GET', '/limits', limits_client.LimitsClient, 'get_limit'),
        ('GET', '/os-availability-zone', az_schema,
         'list_availability_zone_list'),
        ('GET', '/os-availability-zone/detail', az_schema,
         'list_availability_zone_list_detail'),
        ('GET', '/os-volumes', volumes, 'list_volumes'),
        ('GET', '/os-volumes/detail', volumes, 'list_volumes'),
        ('POST', '/os-volumes', volumes, 'create_get_volume'),
        ('GET', '/os-volumes/' + _ID, volumes, 'create_get_volume'),
        ('DELETE', '/os-volumes/' + _ID, volumes, 'delete_volume'),
        ('GET', '/os-snapshots', snapshots, 'list_snapshots'),
        ('GET', '/os-snapshots/detail', snapshots, 'list_snapshots'),
        ('POST', '/os-snapshots', snapshots, 'create_get_snapshot'),
        ('GET', '/os-snapshots/' + _ID, snapshots, 'create_get_snapshot'),
        ('DELETE', '/os-snapshots/' + _ID, snapshots, 'delete_snapshot'),
    )


# Top-level keys Nova answers that Tempest's schema of the route does not
# know (and forbids): left out of the check. Nova's views/keypairs.py adds
# keypairs_links from 2.35; Tempest never pages keypairs.
_NOVA_ADDS = {('GET', '/os-keypairs'): ('keypairs_links',)}

_ROUTES = None


def _routes():
    global _ROUTES
    if _ROUTES is None:
        _ROUTES = [(method, re.compile(pattern + r'\Z'), source, name)
                   for method, pattern, source, name in _table()]
    return _ROUTES


def _version_key(version):
    major, minor = version.split('.')
    return int(major), int(minor)


def _module(source, version):
    """The schema module of ``source`` (a Tempest client with a version
    table, or a schema module that serves every version) at ``version``."""
    if isinstance(source, types.ModuleType):
        return source
    table = source.schema_versions_info
    wanted = _version_key(version)
    for entry in table:
        low = _version_key(entry['min'] or '2.1')
        high = _version_key(entry['max']) if entry['max'] else None
        if low <= wanted and (high is None or wanted <= high):
            return entry['schema']
    return None


def schema_for(method, path, version, body):
    """Tempest's schema of this answer, or None if none applies."""
    if rest_client is None:
        return None
    for route_method, pattern, source, name in _routes():
        if route_method == method and pattern.match(path):
            break
    else:
        return None
    module = _module(source, version)
    if method == 'POST' and path.endswith('/action'):
        # The answer says which action it was: a rebuild's server, an
        # evacuation's password (others answer no body: nothing checked).
        if not isinstance(body, dict):
            return None
        if 'server' in body:
            name = ('rebuild_server_with_admin_pass'
                    if 'adminPass' in body['server'] else 'rebuild_server')
        elif 'adminPass' in body:
            name = 'evacuate_server_with_admin_pass'
        else:
            return None
    elif method == 'POST' and path == '/servers':
        if isinstance(body, dict) and 'reservation_id' in body:
            return None
        name = ('create_server_with_admin_pass'
                if 'adminPass' in (body or {}).get('server', {})
                else 'create_server')
        module = _module(servers_client.ServersClient, version)
    return getattr(module, name, None) if module is not None else None


def check(method, path, version, status, body):
    """Raise AssertionError naming the route if a 2xx answer breaks its
    Tempest schema (status code or body)."""
    if not 200 <= status < 300:
        return
    schema = schema_for(method, path, version, body)
    if schema is None:
        return
    if status not in schema['status_code']:
        raise AssertionError('%s %s at %s answered %d; Tempest expects %s'
                             % (method, path, version, status,
                                schema['status_code']))
    body_schema = schema.get('response_body')
    if body_schema is None:
        return
    extra = _NOVA_ADDS.get((method, path))
    if extra and isinstance(body, dict):
        body = {key: value for key, value in body.items()
                if key not in extra}
    validator = rest_client.JSONSCHEMA_VALIDATOR(
        body_schema, format_checker=rest_client.FORMAT_CHECKER)
    try:
        validator.validate(body)
    except jsonschema.ValidationError as exc:
        raise AssertionError('%s %s at %s: the answer breaks Tempest\'s '
                             'schema: %s' % (method, path, version,
                                             exc.message)) from None
