"""Which rule each route of the compute API checks, before its handler
runs: the router enforces it with the caller's project and user as the
target (a server of another project is not found at all, 404, as in
Nova). A server's or an aggregate's ``action`` checks the rule of the
action its body names. ``None``: Nova checks no rule there (the version
documents, flavors and images are open to any authenticated caller).

A route missing here stops the API from starting (and fails a test).
"""

S = 'os_compute_api:servers:%s'
V = 'os_compute_api:os-volumes:%s'
H = 'os_compute_api:os-hypervisors:%s'
AGG = 'os_compute_api:os-aggregates:%s'
TAGS = 'os_compute_api:os-server-tags:%s'

SERVER_ACTIONS = {
    'os-start': S % 'start', 'os-stop': S % 'stop', 'reboot': S % 'reboot',
    'createImage': S % 'create_image',
    'pause': 'os_compute_api:os-pause-server:pause',
    'unpause': 'os_compute_api:os-pause-server:unpause',
    'suspend': 'os_compute_api:os-suspend-server:suspend',
    'resume': 'os_compute_api:os-suspend-server:resume',
    'lock': 'os_compute_api:os-lock-server:lock',
    'unlock': 'os_compute_api:os-lock-server:unlock',
    'shelve': 'os_compute_api:os-shelve:shelve',
    'shelveOffload': 'os_compute_api:os-shelve:shelve_offload',
    'unshelve': 'os_compute_api:os-shelve:unshelve',
    'rebuild': S % 'rebuild',
    'evacuate': 'os_compute_api:os-evacuate',
    'resize': S % 'resize',
    'confirmResize': S % 'confirm_resize',
    'revertResize': S % 'revert_resize',
    'migrate': 'os_compute_api:os-migrate-server:migrate',
}
AGGREGATE_ACTIONS = {name: AGG % name for name in
                     ('add_host', 'remove_host', 'set_metadata')}

ROUTE_RULES = {
    ('', 'GET'): None,
    ('/', 'GET'): None,
    ('/versions/{version_id}', 'GET'): None,
    ('/servers', 'GET'): S % 'index',
    ('/servers', 'POST'): S % 'create',
    ('/servers/detail', 'GET'): S % 'detail',
    ('/servers/{server_id}', 'GET'): S % 'show',
    ('/servers/{server_id}', 'PUT'): S % 'update',
    ('/servers/{server_id}', 'DELETE'): S % 'delete',
    ('/servers/{server_id}/action', 'POST'): SERVER_ACTIONS,
    ('/servers/{server_id}/migrations', 'GET'): S % 'migrations:index',
    ('/os-migrations', 'GET'): 'os_compute_api:os-migrations:index',
    ('/servers/{server_id}/metadata', 'GET'):
        'os_compute_api:server-metadata:index',
    ('/servers/{server_id}/metadata', 'POST'):
        'os_compute_api:server-metadata:create',
    ('/servers/{server_id}/metadata', 'PUT'):
        'os_compute_api:server-metadata:update_all',
    ('/servers/{server_id}/metadata/{key}', 'GET'):
        'os_compute_api:server-metadata:show',
    ('/servers/{server_id}/metadata/{key}', 'PUT'):
        'os_compute_api:server-metadata:update',
    ('/servers/{server_id}/metadata/{key}', 'DELETE'):
        'os_compute_api:server-metadata:delete',
    ('/servers/{server_id}/tags', 'GET'): TAGS % 'index',
    ('/servers/{server_id}/tags', 'PUT'): TAGS % 'update_all',
    ('/servers/{server_id}/tags', 'DELETE'): TAGS % 'delete_all',
    ('/servers/{server_id}/tags/{tag}', 'GET'): TAGS % 'show',
    ('/servers/{server_id}/tags/{tag}', 'PUT'): TAGS % 'update',
    ('/servers/{server_id}/tags/{tag}', 'DELETE'): TAGS % 'delete',
    ('/servers/{server_id}/ips', 'GET'): 'os_compute_api:ips:index',
    ('/servers/{server_id}/ips/{network_label}', 'GET'):
        'os_compute_api:ips:show',
    ('/servers/{server_id}/os-server-password', 'GET'):
        'os_compute_api:os-server-password:show',
    ('/servers/{server_id}/os-server-password', 'DELETE'):
        'os_compute_api:os-server-password:clear',
    ('/servers/{server_id}/os-volume_attachments', 'GET'):
        'os_compute_api:os-volumes-attachments:index',
    ('/servers/{server_id}/os-volume_attachments', 'POST'):
        'os_compute_api:os-volumes-attachments:create',
    ('/servers/{server_id}/os-volume_attachments/{volume_id}', 'GET'):
        'os_compute_api:os-volumes-attachments:show',
    ('/servers/{server_id}/os-volume_attachments/{volume_id}', 'PUT'):
        'os_compute_api:os-volumes-attachments:swap',
    ('/servers/{server_id}/os-volume_attachments/{volume_id}', 'DELETE'):
        'os_compute_api:os-volumes-attachments:delete',
    ('/servers/{server_id}/os-instance-actions', 'GET'):
        'os_compute_api:os-instance-actions:list',
    ('/servers/{server_id}/os-instance-actions/{request_id}', 'GET'):
        'os_compute_api:os-instance-actions:show',
    ('/flavors', 'GET'): None,
    ('/flavors', 'POST'): 'os_compute_api:os-flavor-manage:create',
    ('/flavors/detail', 'GET'): None,
    ('/flavors/{flavor_id}', 'GET'): None,
    ('/flavors/{flavor_id}', 'PUT'):
        'os_compute_api:os-flavor-manage:update',
    ('/flavors/{flavor_id}', 'DELETE'):
        'os_compute_api:os-flavor-manage:delete',
    ('/flavors/{flavor_id}/os-extra_specs', 'GET'):
        'os_compute_api:os-flavor-extra-specs:index',
    ('/flavors/{flavor_id}/os-extra_specs', 'POST'):
        'os_compute_api:os-flavor-extra-specs:create',
    ('/flavors/{flavor_id}/os-extra_specs/{key}', 'GET'):
        'os_compute_api:os-flavor-extra-specs:show',
    ('/flavors/{flavor_id}/os-extra_specs/{key}', 'PUT'):
        'os_compute_api:os-flavor-extra-specs:update',
    ('/flavors/{flavor_id}/os-extra_specs/{key}', 'DELETE'):
        'os_compute_api:os-flavor-extra-specs:delete',
    ('/images', 'GET'): None,
    ('/images/detail', 'GET'): None,
    ('/images/{image_id}', 'GET'): None,
    ('/os-hypervisors', 'GET'): H % 'list',
    ('/os-hypervisors/detail', 'GET'): H % 'list-detail',
    ('/os-hypervisors/statistics', 'GET'): H % 'statistics',
    ('/os-hypervisors/{hypervisor_id}', 'GET'): H % 'show',
    ('/os-hypervisors/{hypervisor_id}/uptime', 'GET'): H % 'uptime',
    ('/os-hypervisors/{hypervisor_hostname_pattern}/search', 'GET'):
        H % 'search',
    ('/os-hypervisors/{hypervisor_hostname_pattern}/servers', 'GET'):
        H % 'servers',
    ('/os-server-groups', 'GET'): 'os_compute_api:os-server-groups:index',
    ('/os-server-groups', 'POST'): 'os_compute_api:os-server-groups:create',
    ('/os-server-groups/{group_id}', 'GET'):
        'os_compute_api:os-server-groups:show',
    ('/os-server-groups/{group_id}', 'DELETE'):
        'os_compute_api:os-server-groups:delete',
    ('/os-services', 'GET'): 'os_compute_api:os-services:list',
    ('/os-services/{service_id}', 'PUT'):
        'os_compute_api:os-services:update',
    ('/os-services/{service_id}', 'DELETE'):
        'os_compute_api:os-services:delete',
    ('/os-aggregates', 'GET'): AGG % 'index',
    ('/os-aggregates', 'POST'): AGG % 'create',
    ('/os-aggregates/{aggregate_id}', 'GET'): AGG % 'show',
    ('/os-aggregates/{aggregate_id}', 'PUT'): AGG % 'update',
    ('/os-aggregates/{aggregate_id}', 'DELETE'): AGG % 'delete',
    ('/os-aggregates/{aggregate_id}/action', 'POST'): AGGREGATE_ACTIONS,
    ('/os-volumes', 'GET'): V % 'list',
    ('/os-volumes', 'POST'): V % 'create',
    ('/os-volumes/detail', 'GET'): V % 'detail',
    ('/os-volumes/{volume_id}', 'GET'): V % 'show',
    ('/os-volumes/{volume_id}', 'DELETE'): V % 'delete',
    ('/os-snapshots', 'GET'): V % 'snapshots:list',
    ('/os-snapshots', 'POST'): V % 'snapshots:create',
    ('/os-snapshots/detail', 'GET'): V % 'snapshots:detail',
    ('/os-snapshots/{snapshot_id}', 'GET'): V % 'snapshots:show',
    ('/os-snapshots/{snapshot_id}', 'DELETE'): V % 'snapshots:delete',
    ('/os-availability-zone', 'GET'):
        'os_compute_api:os-availability-zone:list',
    ('/os-availability-zone/detail', 'GET'):
        'os_compute_api:os-availability-zone:detail',
    ('/extensions', 'GET'): 'os_compute_api:extensions',
    ('/extensions/{alias}', 'GET'): 'os_compute_api:extensions',
    ('/os-networks', 'GET'): 'os_compute_api:os-networks:list',
    ('/os-networks/{network_id}', 'GET'): 'os_compute_api:os-networks:view',
    ('/os-quota-sets/{tenant_id}', 'GET'): 'os_compute_api:os-quota-sets:show',
    ('/os-quota-sets/{tenant_id}', 'PUT'):
        'os_compute_api:os-quota-sets:update',
    ('/os-quota-sets/{tenant_id}', 'DELETE'):
        'os_compute_api:os-quota-sets:delete',
    ('/os-quota-sets/{tenant_id}/detail', 'GET'):
        'os_compute_api:os-quota-sets:detail',
    ('/os-quota-sets/{tenant_id}/defaults', 'GET'):
        'os_compute_api:os-quota-sets:defaults',
    ('/limits', 'GET'): 'os_compute_api:limits',
    ('/os-keypairs', 'GET'): 'os_compute_api:os-keypairs:index',
    ('/os-keypairs', 'POST'): 'os_compute_api:os-keypairs:create',
    ('/os-keypairs/{keypair_name}', 'GET'): 'os_compute_api:os-keypairs:show',
    ('/os-keypairs/{keypair_name}', 'DELETE'):
        'os_compute_api:os-keypairs:delete',
}


def rules_of(entry):
    """The rule names a table entry may check."""
    if entry is None:
        return []
    if isinstance(entry, dict):
        return list(entry.values())
    return [entry]
