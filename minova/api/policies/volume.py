"""The Block Storage API's rules (``/volume/v3``), with Cinder's names:
readers of a project read its volumes, snapshots and types, its members
write them, an admin may do all of it. Which route checks which rule is
:data:`ROUTE_RULES` (relative to ``/volume/v3``, as the volume router's
table is); a route missing there stops the volume API from starting.
"""

from minova.api.policies import base

PREFIX = '/volume/v3'

# rule name -> (default check string, description)
DEFAULTS = {
    'volume:get_all': (base.PROJECT_READER_OR_ADMIN, 'List volumes.'),
    'volume:get': (base.PROJECT_READER_OR_ADMIN, 'Show a volume.'),
    'volume:create': (base.PROJECT_MEMBER_OR_ADMIN, 'Create a volume.'),
    'volume:update': (base.PROJECT_MEMBER_OR_ADMIN, 'Update a volume.'),
    'volume:delete': (base.PROJECT_MEMBER_OR_ADMIN, 'Delete a volume.'),
    'volume:extend': (base.PROJECT_MEMBER_OR_ADMIN, 'Extend a volume.'),
    'volume:attachment_create': (base.PROJECT_MEMBER_OR_ADMIN,
                                 'Reserve a volume for a server.'),
    'volume:attachment_update': (base.PROJECT_MEMBER_OR_ADMIN,
                                 'Export a volume to a host.'),
    'volume:attachment_complete': (base.PROJECT_MEMBER_OR_ADMIN,
                                   'Mark an attachment attached.'),
    'volume:attachment_delete': (base.PROJECT_MEMBER_OR_ADMIN,
                                 'End an attachment.'),
    'volume:get_all_snapshots': (base.PROJECT_READER_OR_ADMIN,
                                 'List snapshots.'),
    'volume:get_snapshot': (base.PROJECT_READER_OR_ADMIN,
                            'Show a snapshot.'),
    'volume:create_snapshot': (base.PROJECT_MEMBER_OR_ADMIN,
                               'Create a snapshot.'),
    'volume:delete_snapshot': (base.PROJECT_MEMBER_OR_ADMIN,
                               'Delete a snapshot.'),
    'volume_extension:type_get_all': (base.PROJECT_READER_OR_ADMIN,
                                      'List volume types.'),
    'volume_extension:type_get': (base.PROJECT_READER_OR_ADMIN,
                                  'Show a volume type.'),
}

ROUTE_RULES = {
    ('/volumes', 'GET'): 'volume:get_all',
    ('/volumes', 'POST'): 'volume:create',
    ('/volumes/detail', 'GET'): 'volume:get_all',
    ('/volumes/{volume_id}', 'GET'): 'volume:get',
    ('/volumes/{volume_id}', 'PUT'): 'volume:update',
    ('/volumes/{volume_id}', 'DELETE'): 'volume:delete',
    ('/volumes/{volume_id}/action', 'POST'): {
        'os-extend': 'volume:extend'},
    ('/snapshots', 'GET'): 'volume:get_all_snapshots',
    ('/snapshots', 'POST'): 'volume:create_snapshot',
    ('/snapshots/detail', 'GET'): 'volume:get_all_snapshots',
    ('/snapshots/{snapshot_id}', 'GET'): 'volume:get_snapshot',
    ('/snapshots/{snapshot_id}', 'DELETE'): 'volume:delete_snapshot',
    ('/types', 'GET'): 'volume_extension:type_get_all',
    ('/types/{type_id}', 'GET'): 'volume_extension:type_get',
    ('/attachments', 'POST'): 'volume:attachment_create',
    # Cinder checks no rule to show one: the project's own only.
    ('/attachments/{attachment_id}', 'GET'): None,
    ('/attachments/{attachment_id}', 'PUT'): 'volume:attachment_update',
    ('/attachments/{attachment_id}', 'DELETE'): 'volume:attachment_delete',
    ('/attachments/{attachment_id}/action', 'POST'): {
        'os-complete': 'volume:attachment_complete'},
}
