"""``/snapshots``: Cinder's v3 snapshots over minova's volume back end.
A snapshot of an in-use volume needs ``force`` before 3.66, and none
from 3.66 (where ``force: false`` is refused), as in Cinder."""

from oslo_utils import strutils

from minova.api.openstack import common
from minova.api.openstack.volume import lists
from minova.api.openstack.volume import microversion as mv
from minova.api.openstack.volume.schemas import snapshots as schema
from minova.api.openstack.volume.views import snapshots as views
from minova.api import validation
from minova.api import wsgi
from minova import exception

FILTERS = ('name', 'status', 'volume_id')


def _either(wanted, name):
    return wanted.get(name, wanted.get('display_' + name))


class SnapshotsController(common.VolumeBackendController):

    def _list(self, req, collection):
        return lists.listed(req, self.volume_api.get_all_snapshots(
            req.context), FILTERS, collection, lambda s: views.detail(req, s))

    def index(self, req):
        return self._list(req, 'snapshots')

    def detail(self, req):
        return self._list(req, 'snapshots/detail')

    def show(self, req, snapshot_id):
        return {'snapshot': views.detail(req, self.volume_api.get_snapshot(
            req.context, snapshot_id))}

    def _force(self, req, wanted):
        force = wanted.get('force')
        force = None if force is None else strutils.bool_from_string(
            force, strict=True)
        if not req.api_version.matches(mv.SNAPSHOT_IN_USE):
            return bool(force)
        if force is False:
            raise exception.ValidationError(
                field='force', reason=(
                    'false is not allowed since microversion %s: a '
                    'snapshot of an in-use volume needs no force'
                    % mv.SNAPSHOT_IN_USE))
        return True

    @wsgi.response(202)
    @validation.schema(schema.create)
    def create(self, req, body):
        wanted = body['snapshot']
        if wanted.get('metadata'):
            raise exception.Invalid(reason=(
                'snapshot metadata is not supported: create the snapshot '
                'without it'))
        create = (self.volume_api.create_snapshot_force
                  if self._force(req, wanted)
                  else self.volume_api.create_snapshot)
        return {'snapshot': views.detail(req, create(
            req.context, wanted['volume_id'], _either(wanted, 'name'),
            _either(wanted, 'description')))}

    @wsgi.response(202)
    def delete(self, req, snapshot_id):
        self.volume_api.delete_snapshot(req.context, snapshot_id)
