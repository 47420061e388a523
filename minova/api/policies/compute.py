"""The compute API's rules, Nova's names with Nova's defaults: readers of a
project read, its members write, admin-only APIs are for admins.

Each rule documents the operations that check it: those the routing table
(:mod:`minova.api.policies.routes`) maps to it, plus those a handler checks
itself (:data:`INLINE`).
"""

from minova.api.policies import base

S = 'os_compute_api:servers:%s'

# rule name -> (default check string, description)
DEFAULTS = {
    S % 'index': (base.PROJECT_READER_OR_ADMIN, 'List servers.'),
    S % 'detail': (base.PROJECT_READER_OR_ADMIN, 'List servers in detail.'),
    S % 'index:get_all_tenants': (base.ADMIN,
                                  "List other projects' servers."),
    S % 'detail:get_all_tenants': (base.ADMIN, "List other projects' "
                                   'servers in detail.'),
    S % 'allow_all_filters': (base.ADMIN, 'Filter a server list by any '
                              'field (host, node, ...).'),
    S % 'show': (base.PROJECT_READER_OR_ADMIN, 'Show a server.'),
    S % 'show:host_status': (base.ADMIN, "Show a server's host_status "
                             '(2.16).'),
    'os_compute_api:os-extended-server-attributes': (
        base.ADMIN, "Show a server's OS-EXT-SRV-ATTR attributes (host, "
        'instance name, ...).'),
    S % 'create': (base.PROJECT_MEMBER_OR_ADMIN, 'Create servers.'),
    'compute:servers:create:requested_destination': (
        base.ADMIN, 'Boot on a given host or node (2.74).'),
    S % 'update': (base.PROJECT_MEMBER_OR_ADMIN, 'Update a server.'),
    S % 'delete': (base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server.'),
    S % 'start': (base.PROJECT_MEMBER_OR_ADMIN, 'Start a server.'),
    S % 'stop': (base.PROJECT_MEMBER_OR_ADMIN, 'Stop a server.'),
    S % 'reboot': (base.PROJECT_MEMBER_OR_ADMIN, 'Reboot a server.'),
    S % 'rebuild': (base.PROJECT_MEMBER_OR_ADMIN,
                    'Rebuild a server from an image.'),
    'os_compute_api:os-evacuate': (
        base.ADMIN, 'Rebuild a server whose host is down on another host.'),
    S % 'create_image': (base.PROJECT_MEMBER_OR_ADMIN,
                         'Snapshot a server into an image.'),
    S % 'resize': (base.PROJECT_MEMBER_OR_ADMIN,
                   'Resize a server to another flavor.'),
    S % 'confirm_resize': (base.PROJECT_MEMBER_OR_ADMIN,
                           'Confirm a resize (or a cold migration).'),
    S % 'revert_resize': (base.PROJECT_MEMBER_OR_ADMIN,
                          'Revert a resize (or a cold migration).'),
    'os_compute_api:os-migrate-server:migrate': (
        base.ADMIN, 'Cold migrate a server to another host.'),
    'os_compute_api:os-migrations:index': (
        base.ADMIN, 'List migrations (resizes and cold migrations).'),
    S % 'migrations:index': (base.ADMIN,
                             "List a server's live migrations in progress."),
    'os_compute_api:os-pause-server:pause': (base.PROJECT_MEMBER_OR_ADMIN,
                                             'Pause a server.'),
    'os_compute_api:os-pause-server:unpause': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Unpause a server.'),
    'os_compute_api:os-suspend-server:suspend': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Suspend a server.'),
    'os_compute_api:os-suspend-server:resume': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Resume a server.'),
    'os_compute_api:os-lock-server:lock': (base.PROJECT_MEMBER_OR_ADMIN,
                                           'Lock a server.'),
    'os_compute_api:os-lock-server:unlock': (base.PROJECT_MEMBER_OR_ADMIN,
                                             'Unlock a server.'),
    'os_compute_api:os-shelve:shelve': (base.PROJECT_MEMBER_OR_ADMIN,
                                        'Shelve a server.'),
    'os_compute_api:os-shelve:shelve_offload': (
        base.ADMIN, 'Offload a shelved server.'),
    'os_compute_api:os-shelve:unshelve': (base.PROJECT_MEMBER_OR_ADMIN,
                                          'Unshelve a server.'),
    'os_compute_api:server-metadata:index': (base.PROJECT_READER_OR_ADMIN,
                                             "List a server's metadata."),
    'os_compute_api:server-metadata:show': (base.PROJECT_READER_OR_ADMIN,
                                            'Show a metadata item.'),
    'os_compute_api:server-metadata:create': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Add metadata items.'),
    'os_compute_api:server-metadata:update_all': (
        base.PROJECT_MEMBER_OR_ADMIN, "Replace a server's metadata."),
    'os_compute_api:server-metadata:update': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Set a metadata item.'),
    'os_compute_api:server-metadata:delete': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Delete a metadata item.'),
    'os_compute_api:os-server-tags:index': (
        base.PROJECT_READER_OR_ADMIN, "List a server's tags."),
    'os_compute_api:os-server-tags:show': (
        base.PROJECT_READER_OR_ADMIN, 'Check that a server has a tag.'),
    'os_compute_api:os-server-tags:update': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Add a tag to a server.'),
    'os_compute_api:os-server-tags:update_all': (
        base.PROJECT_MEMBER_OR_ADMIN, "Replace a server's tags."),
    'os_compute_api:os-server-tags:delete': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Remove a tag from a server.'),
    'os_compute_api:os-server-tags:delete_all': (
        base.PROJECT_MEMBER_OR_ADMIN, "Remove all of a server's tags."),
    'os_compute_api:ips:index': (base.PROJECT_READER_OR_ADMIN,
                                 "List a server's addresses."),
    'os_compute_api:ips:show': (base.PROJECT_READER_OR_ADMIN,
                                "List a server's addresses on a network."),
    'os_compute_api:os-server-password:show': (
        base.PROJECT_READER_OR_ADMIN, "Show a server's password."),
    'os_compute_api:os-server-password:clear': (
        base.PROJECT_MEMBER_OR_ADMIN, "Clear a server's password."),
    'os_compute_api:os-instance-actions:list': (
        base.PROJECT_READER_OR_ADMIN, "List a server's actions."),
    'os_compute_api:os-instance-actions:show': (
        base.PROJECT_READER_OR_ADMIN, 'Show a server action.'),
    'os_compute_api:os-volumes-attachments:index': (
        base.PROJECT_READER_OR_ADMIN, "List a server's volumes."),
    'os_compute_api:os-volumes-attachments:show': (
        base.PROJECT_READER_OR_ADMIN, 'Show a volume attachment.'),
    'os_compute_api:os-volumes-attachments:create': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Attach a volume.'),
    'os_compute_api:os-volumes-attachments:swap': (
        base.ADMIN, 'Swap the volume of an attachment.'),
    'os_compute_api:os-volumes-attachments:delete': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Detach a volume.'),
    'os_compute_api:os-flavor-manage:create': (base.ADMIN,
                                               'Create a flavor.'),
    'os_compute_api:os-flavor-manage:delete': (base.ADMIN,
                                               'Delete a flavor.'),
    'os_compute_api:os-flavor-manage:update': (
        base.ADMIN, "Update a flavor's description."),
    'os_compute_api:os-flavor-extra-specs:index': (
        base.PROJECT_READER_OR_ADMIN, "List a flavor's extra specs."),
    'os_compute_api:os-flavor-extra-specs:show': (
        base.PROJECT_READER_OR_ADMIN, 'Show an extra spec.'),
    'os_compute_api:os-flavor-extra-specs:create': (
        base.ADMIN, 'Add extra specs.'),
    'os_compute_api:os-flavor-extra-specs:update': (
        base.ADMIN, 'Set an extra spec.'),
    'os_compute_api:os-flavor-extra-specs:delete': (
        base.ADMIN, 'Delete an extra spec.'),
    'os_compute_api:os-server-groups:index': (base.PROJECT_READER_OR_ADMIN,
                                              'List server groups.'),
    'os_compute_api:os-server-groups:index:all_projects': (
        base.ADMIN, "List other projects' server groups."),
    'os_compute_api:os-server-groups:show': (base.PROJECT_READER_OR_ADMIN,
                                             'Show a server group.'),
    'os_compute_api:os-server-groups:create': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Create a server group.'),
    'os_compute_api:os-server-groups:delete': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server group.'),
    'os_compute_api:os-keypairs:index': (base.ADMIN_OR_OWNER,
                                         "List a user's keypairs."),
    'os_compute_api:os-keypairs:show': (base.ADMIN_OR_OWNER,
                                        'Show a keypair.'),
    'os_compute_api:os-keypairs:create': (base.ADMIN_OR_OWNER,
                                          'Create or import a keypair.'),
    'os_compute_api:os-keypairs:delete': (base.ADMIN_OR_OWNER,
                                          'Delete a keypair.'),
    'os_compute_api:os-volumes:list': (base.PROJECT_READER_OR_ADMIN,
                                       'List volumes (proxy).'),
    'os_compute_api:os-volumes:detail': (base.PROJECT_READER_OR_ADMIN,
                                         'List volumes in detail (proxy).'),
    'os_compute_api:os-volumes:show': (base.PROJECT_READER_OR_ADMIN,
                                       'Show a volume (proxy).'),
    'os_compute_api:os-volumes:create': (base.PROJECT_MEMBER_OR_ADMIN,
                                         'Create a volume (proxy).'),
    'os_compute_api:os-volumes:delete': (base.PROJECT_MEMBER_OR_ADMIN,
                                         'Delete a volume (proxy).'),
    'os_compute_api:os-volumes:snapshots:list': (
        base.PROJECT_READER_OR_ADMIN, 'List snapshots (proxy).'),
    'os_compute_api:os-volumes:snapshots:detail': (
        base.PROJECT_READER_OR_ADMIN, 'List snapshots in detail (proxy).'),
    'os_compute_api:os-volumes:snapshots:show': (
        base.PROJECT_READER_OR_ADMIN, 'Show a snapshot (proxy).'),
    'os_compute_api:os-volumes:snapshots:create': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Create a snapshot (proxy).'),
    'os_compute_api:os-volumes:snapshots:delete': (
        base.PROJECT_MEMBER_OR_ADMIN, 'Delete a snapshot (proxy).'),
    'os_compute_api:os-networks:list': (base.PROJECT_READER_OR_ADMIN,
                                        'List networks (proxy).'),
    'os_compute_api:os-networks:view': (base.PROJECT_READER_OR_ADMIN,
                                        'Show a network (proxy).'),
    'os_compute_api:extensions': (base.ANY, 'List or show extensions.'),
    'os_compute_api:os-quota-sets:show': (base.PROJECT_READER_OR_ADMIN,
                                          "Show a project's quotas."),
    'os_compute_api:os-quota-sets:detail': (
        base.PROJECT_READER_OR_ADMIN, "Show a project's quotas and usage."),
    'os_compute_api:os-quota-sets:defaults': (base.ANY,
                                              'Show the default quotas.'),
    'os_compute_api:os-quota-sets:update': (base.ADMIN,
                                            "Set a project's quotas."),
    'os_compute_api:os-quota-sets:delete': (
        base.ADMIN, "Bring a project's quotas back to the defaults."),
    'os_compute_api:limits': (base.ANY, 'Show the limits and usage.'),
    'os_compute_api:limits:other_project': (
        base.ADMIN, "Show another project's limits."),
    'os_compute_api:os-availability-zone:list': (
        base.ANY, 'List availability zones.'),
    'os_compute_api:os-availability-zone:detail': (
        base.ADMIN, 'List availability zones with their hosts.'),
}
for _name in ('list', 'list-detail', 'show', 'statistics', 'uptime',
              'search', 'servers'):
    DEFAULTS['os_compute_api:os-hypervisors:%s' % _name] = (
        base.ADMIN, 'Hypervisors: %s.' % _name)
for _name in ('list', 'update', 'delete'):
    DEFAULTS['os_compute_api:os-services:%s' % _name] = (
        base.ADMIN, 'Compute services: %s.' % _name)
for _name in ('index', 'create', 'show', 'update', 'delete', 'add_host',
              'remove_host', 'set_metadata'):
    DEFAULTS['os_compute_api:os-aggregates:%s' % _name] = (
        base.ADMIN, 'Host aggregates: %s.' % _name)

# Rules a handler checks itself, with the operations that may check them.
INLINE = {
    S % 'index:get_all_tenants': [('GET', '/servers')],
    S % 'detail:get_all_tenants': [('GET', '/servers/detail')],
    S % 'allow_all_filters': [('GET', '/servers'),
                              ('GET', '/servers/detail')],
    S % 'show:host_status': [('GET', '/servers/{server_id}'),
                             ('GET', '/servers/detail'),
                             ('PUT', '/servers/{server_id}')],
    'os_compute_api:os-extended-server-attributes': [
        ('GET', '/servers/{server_id}'), ('GET', '/servers/detail'),
        ('PUT', '/servers/{server_id}')],
    'compute:servers:create:requested_destination': [('POST', '/servers')],
    'os_compute_api:os-server-groups:index:all_projects': [
        ('GET', '/os-server-groups')],
    'os_compute_api:limits:other_project': [('GET', '/limits')],
    # 2.61: the extra specs in the flavor views.
    'os_compute_api:os-flavor-extra-specs:index': [
        ('GET', '/flavors/detail'), ('GET', '/flavors/{flavor_id}'),
        ('POST', '/flavors'), ('PUT', '/flavors/{flavor_id}')],
}
