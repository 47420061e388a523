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
    ('/snapshots', 'GET'): 'volume:get_all_snapshots',
    ('/snapshots', 'POST'): 'volume:create_snapshot',
    ('/snapshots/detail', 'GET'): 'volume:get_all_snapshots',
    ('/snapshots/{snapshot_id}', 'GET'): 'volume:get_snapshot',
    ('/snapshots/{snapshot_id}', 'DELETE'): 'volume:delete_snapshot',
    ('/types', 'GET'): 'volume_extension:type_get_all',
    ('/types/{type_id}', 'GET'): 'volume_extension:type_get',
}
