"""``/os-migrations`` (admin): the resizes and cold migrations, newest
first, with Nova's fields and filters; and
``/servers/{server_id}/migrations`` (Nova's in-progress live migrations
of a server: minova has no live migration, so it is always empty).
"""

from minova.api.openstack import common
from minova.objects import migration as migration_obj

#: Nova's fields at 2.1 (2.23 adds migration_type, 2.59 uuid, 2.80 the
#: project and user).
FIELDS = ('id', 'status', 'instance_uuid', 'source_node', 'source_compute',
          'dest_node', 'dest_compute', 'dest_host', 'old_instance_type_id',
          'new_instance_type_id')
_VERSIONED = (('2.23', ('migration_type',)), ('2.59', ('uuid',)),
              ('2.80', ('user_id', 'project_id')))
#: Query parameters Nova filters on, as columns.
FILTERS = ('instance_uuid', 'status', 'source_compute', 'migration_type')


def _view(req, migration):
    body = {name: getattr(migration, name) for name in FIELDS}
    body.update(created_at=common.primitive_time(migration.created_at),
                updated_at=common.primitive_time(migration.updated_at))
    for version, names in _VERSIONED:
        if req.api_version.matches(version):
            body.update({name: getattr(migration, name) for name in names})
    return body


class MigrationsController(common.Controller):

    def index(self, req):
        filters = {name: req.GET[name] for name in FILTERS
                   if name in req.GET}
        migrations = migration_obj.Migration.get_all(req.context, filters)
        host = req.GET.get('host')
        if host:
            migrations = [m for m in migrations
                          if host in (m.source_compute, m.dest_compute)]
        return {'migrations': [_view(req, m) for m in migrations]}

    def server_index(self, req, server_id):
        self._get_instance(req.context, server_id, expected_attrs=())
        return {'migrations': []}
