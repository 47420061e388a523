"""The routing table of the compute API v2.1: every URL minova serves.

Each URL template (relative to ``/v2.1``; Nova's optional ``/{project_id}``
prefix is handled by the router) maps HTTP methods to handlers. Any other
method on a known URL answers 405 with an ``Allow`` header; an unknown URL
answers 404 ``itemNotFound``. Literal segments win over placeholders, so
``/servers/detail`` never reaches ``/servers/{server_id}``.

A handler is a plain function ``handler(req, **url_params)`` -- POST and PUT
handlers also get ``body`` (the decoded JSON, or None) -- or a
``(ControllerClass, 'method')`` pair; the router builds one
``ControllerClass(conf)`` per application. To add a resource, write
``minova/api/openstack/compute/<resource>.py`` and add its URLs here::

    from minova.api.openstack.compute import servers

    '/servers': {
        'GET': (servers.ServersController, 'index'),
        'POST': (servers.ServersController, 'create'),
    },
    '/servers/detail': {'GET': (servers.ServersController, 'detail')},
    '/servers/{server_id}': {
        'GET': (servers.ServersController, 'show'),
        'DELETE': (servers.ServersController, 'delete'),
    },

A list of handlers, each declared with
``@microversion.version_handler(min, max)``, serves different microversions
of one URL and method. ``doc/source/api.rst`` has the whole recipe.
"""

from minova.api.openstack.compute import aggregates
from minova.api.openstack.compute import availability_zone
from minova.api.openstack.compute import extension_info
from minova.api.openstack.compute import flavors
from minova.api.openstack.compute import flavors_extraspecs
from minova.api.openstack.compute import hypervisors
from minova.api.openstack.compute import images
from minova.api.openstack.compute import instance_actions
from minova.api.openstack.compute import keypairs
from minova.api.openstack.compute import migrations
from minova.api.openstack.compute import ips
from minova.api.openstack.compute import networks
from minova.api.openstack.compute import limits
from minova.api.openstack.compute import quota_sets
from minova.api.openstack.compute import server_actions
from minova.api.openstack.compute import server_groups
from minova.api.openstack.compute import server_metadata
from minova.api.openstack.compute import server_password
from minova.api.openstack.compute import server_tags
from minova.api.openstack.compute import servers
from minova.api.openstack.compute import services
from minova.api.openstack.compute import volume_attachments
from minova.api.openstack.compute import volumes
from minova.api.openstack import versions

_servers = servers.ServersController
_server_actions = server_actions.ServerActionsController
_metadata = server_metadata.ServerMetadataController
_tags = server_tags.ServerTagsController
_actions = instance_actions.InstanceActionsController
_flavors = flavors.FlavorsController
_extra_specs = flavors_extraspecs.FlavorExtraSpecsController
_images = images.ImagesController
_hypervisors = hypervisors.HypervisorsController
_services = services.ServiceController
_server_groups = server_groups.ServerGroupController
_aggregates = aggregates.AggregateController
_zones = availability_zone.AvailabilityZoneController
_volumes = volumes.VolumeController
_snapshots = volumes.SnapshotController
_attachments = volume_attachments.VolumeAttachmentController
_networks = networks.NetworkController
_extensions = extension_info.ExtensionInfoController
_password = server_password.ServerPasswordController
_keypairs = keypairs.KeypairController
_quota_sets = quota_sets.QuotaSetsController
_migrations = migrations.MigrationsController

ROUTES = {
    # /v2.1 and /v2.1/ reach the router through a pipeline without auth
    # (see api-paste.ini), so that clients can discover the API first.
    '': {'GET': versions.show},
    '/': {'GET': versions.show},
    '/versions/{version_id}': {'GET': versions.show},

    '/servers': {'GET': (_servers, 'index'), 'POST': (_servers, 'create')},
    '/servers/detail': {'GET': (_servers, 'detail')},
    '/servers/{server_id}': {'GET': (_servers, 'show'),
                             'PUT': (_servers, 'update'),
                             'DELETE': (_servers, 'delete')},
    # os-stop, os-start, reboot, pause, unpause, suspend, resume, lock,
    # unlock, createImage, shelve, shelveOffload, unshelve, resize,
    # confirmResize, revertResize, migrate
    '/servers/{server_id}/action': {'POST': (_server_actions, 'action')},
    '/servers/{server_id}/metadata': {'GET': (_metadata, 'index'),
                                      'POST': (_metadata, 'create'),
                                      'PUT': (_metadata, 'update_all')},
    '/servers/{server_id}/metadata/{key}': {'GET': (_metadata, 'show'),
                                            'PUT': (_metadata, 'update'),
                                            'DELETE': (_metadata, 'delete')},
    # 2.26 and later
    '/servers/{server_id}/tags': {'GET': (_tags, 'index'),
                                  'PUT': (_tags, 'update_all'),
                                  'DELETE': (_tags, 'delete_all')},
    '/servers/{server_id}/tags/{tag}': {'GET': (_tags, 'show'),
                                        'PUT': (_tags, 'update'),
                                        'DELETE': (_tags, 'delete')},
    '/servers/{server_id}/ips': {'GET': (ips.IPsController, 'index')},
    '/servers/{server_id}/os-server-password': {
        'GET': (_password, 'index'), 'DELETE': (_password, 'clear')},
    '/servers/{server_id}/ips/{network_label}': {
        'GET': (ips.IPsController, 'show')},
    '/servers/{server_id}/os-volume_attachments': {
        'GET': (_attachments, 'index'), 'POST': (_attachments, 'create')},
    '/servers/{server_id}/os-volume_attachments/{volume_id}': {
        'GET': (_attachments, 'show'), 'PUT': (_attachments, 'update'),
        'DELETE': (_attachments, 'delete')},
    '/servers/{server_id}/os-instance-actions': {'GET': (_actions, 'index')},
    '/servers/{server_id}/migrations': {
        'GET': (_migrations, 'server_index')},
    '/os-migrations': {'GET': (_migrations, 'index')},
    '/servers/{server_id}/os-instance-actions/{request_id}': {
        'GET': (_actions, 'show')},

    '/flavors': {'GET': (_flavors, 'index'), 'POST': (_flavors, 'create')},
    '/flavors/detail': {'GET': (_flavors, 'detail')},
    '/flavors/{flavor_id}': {'GET': (_flavors, 'show'),
                             'PUT': (_flavors, 'update'),  # 2.55
                             'DELETE': (_flavors, 'delete')},
    '/flavors/{flavor_id}/os-extra_specs': {
        'GET': (_extra_specs, 'index'), 'POST': (_extra_specs, 'create')},
    '/flavors/{flavor_id}/os-extra_specs/{key}': {
        'GET': (_extra_specs, 'show'), 'PUT': (_extra_specs, 'update'),
        'DELETE': (_extra_specs, 'delete')},

    '/images': {'GET': (_images, 'index')},
    '/images/detail': {'GET': (_images, 'detail')},
    '/images/{image_id}': {'GET': (_images, 'show')},

    '/os-hypervisors': {'GET': (_hypervisors, 'index')},
    '/os-hypervisors/detail': {'GET': (_hypervisors, 'detail')},
    '/os-hypervisors/statistics': {'GET': (_hypervisors, 'statistics')},
    '/os-hypervisors/{hypervisor_id}': {'GET': (_hypervisors, 'show')},
    '/os-hypervisors/{hypervisor_id}/uptime': {
        'GET': (_hypervisors, 'uptime')},
    '/os-hypervisors/{hypervisor_hostname_pattern}/search': {
        'GET': (_hypervisors, 'search')},
    '/os-hypervisors/{hypervisor_hostname_pattern}/servers': {
        'GET': (_hypervisors, 'servers')},

    '/os-server-groups': {'GET': (_server_groups, 'index'),
                          'POST': (_server_groups, 'create')},
    '/os-server-groups/{group_id}': {'GET': (_server_groups, 'show'),
                                     'DELETE': (_server_groups, 'delete')},

    '/os-services': {'GET': (_services, 'index')},
    # enable, disable, disable-log-reason, force-down (2.11) to 2.52; a
    # service's uuid from 2.53 (services.py has each version's)
    '/os-services/{service_id}': {
        'PUT': [(_services, 'update'), (_services, 'update_v253')],
        'DELETE': (_services, 'delete')},

    '/os-aggregates': {'GET': (_aggregates, 'index'),
                       'POST': (_aggregates, 'create')},
    '/os-aggregates/{aggregate_id}': {'GET': (_aggregates, 'show'),
                                      'PUT': (_aggregates, 'update'),
                                      'DELETE': (_aggregates, 'delete')},
    # add_host, remove_host, set_metadata
    '/os-aggregates/{aggregate_id}/action': {
        'POST': (_aggregates, 'action')},

    '/os-volumes': {'GET': (_volumes, 'index'), 'POST': (_volumes, 'create')},
    '/os-volumes/detail': {'GET': (_volumes, 'detail')},
    '/os-volumes/{volume_id}': {'GET': (_volumes, 'show'),
                                'DELETE': (_volumes, 'delete')},
    '/os-snapshots': {'GET': (_snapshots, 'index'),
                      'POST': (_snapshots, 'create')},
    '/os-snapshots/detail': {'GET': (_snapshots, 'detail')},
    '/os-snapshots/{snapshot_id}': {'GET': (_snapshots, 'show'),
                                    'DELETE': (_snapshots, 'delete')},

    '/os-availability-zone': {'GET': (_zones, 'index')},
    '/os-availability-zone/detail': {'GET': (_zones, 'detail')},
    '/extensions': {'GET': (_extensions, 'index')},
    '/extensions/{alias}': {'GET': (_extensions, 'show')},
    '/os-networks': {'GET': (_networks, 'index')},
    '/os-networks/{network_id}': {'GET': (_networks, 'show')},

    # 200/202 at 2.1, 201/204 from 2.2 (keypairs.py has each version's)
    '/os-keypairs': {'GET': (_keypairs, 'index'),
                     'POST': [(_keypairs, 'create_v21'),
                              (_keypairs, 'create')]},
    '/os-keypairs/{keypair_name}': {
        'GET': (_keypairs, 'show'),
        'DELETE': [(_keypairs, 'delete_v21'), (_keypairs, 'delete')]},

    # A project's quotas (?user_id=: a user's in it); PUT and DELETE admin.
    '/os-quota-sets/{tenant_id}': {'GET': (_quota_sets, 'show'),
                                   'PUT': (_quota_sets, 'update'),
                                   'DELETE': (_quota_sets, 'delete')},
    '/os-quota-sets/{tenant_id}/detail': {'GET': (_quota_sets, 'detail')},
    '/os-quota-sets/{tenant_id}/defaults': {
        'GET': (_quota_sets, 'defaults')},
    '/limits': {'GET': (limits.LimitsController, 'index')},
}
