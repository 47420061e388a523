"""``/os-volumes`` and ``/os-snapshots``: the volume proxies of the
compute API over the volume back end (``[volume] backend``), in Nova's
format. Nova deprecated them at 2.36 (its MAX_PROXY_API_SUPPORT_VERSION
is 2.35) and still serves them below; they are what ``nova volume-*``
used. Handlers validate, call the back end and build the view: the back
end's named exceptions carry their HTTP codes (404, 400).
"""

from oslo_utils import strutils

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import volumes as schema
from minova.api.openstack.compute.views import volumes as views
from minova.api import validation
from minova.api import wsgi

proxy = common.proxy_api


def _limited(req, items):
    """Nova's ``common.limited``: a page by ``limit`` and ``offset``."""
    limit, offset = common.get_limit_and_offset(req)
    return items[offset:offset + limit]


class VolumeController(common.VolumeBackendController):

    @proxy
    def index(self, req):
        return {'volumes': [views.volume(v) for v in _limited(
            req, self.volume_api.get_all(req.context))]}

    # Nova's detail view is its summary view.
    detail = index

    @proxy
    def show(self, req, volume_id):
        return {'volume': views.volume(self.volume_api.get(req.context,
                                                           volume_id))}

    @proxy
    @validation.schema(schema.create)
    def create(self, req, body):
        wanted = body['volume']
        snapshot = None
        if wanted.get('snapshot_id') is not None:
            snapshot = self.volume_api.get_snapshot(req.context,
                                                    wanted['snapshot_id'])
        volume = self.volume_api.create(
            req.context, int(wanted['size']), wanted.get('display_name'),
            wanted.get('display_description'), snapshot=snapshot,
            image_id=wanted.get('imageRef') or None,
            volume_type=wanted.get('volume_type'),
            metadata=wanted.get('metadata'),
            availability_zone=wanted.get('availability_zone'))
        req.response.headers['Location'] = '%s/%s' % (req.url, volume['id'])
        return {'volume': views.volume(volume)}

    @proxy
    @wsgi.response(202)
    def delete(self, req, volume_id):
        self.volume_api.delete(req.context, volume_id)


class SnapshotController(common.VolumeBackendController):

    @proxy
    def index(self, req):
        return {'snapshots': [views.snapshot(s) for s in _limited(
            req, self.volume_api.get_all_snapshots(req.context))]}

    detail = index

    @proxy
    def show(self, req, snapshot_id):
        return {'snapshot': views.snapshot(self.volume_api.get_snapshot(
            req.context, snapshot_id))}

    @proxy
    @validation.schema(schema.snapshot_create)
    def create(self, req, body):
        wanted = body['snapshot']
        force = strutils.bool_from_string(wanted.get('force', False),
                                          strict=True)
        create = (self.volume_api.create_snapshot_force if force
                  else self.volume_api.create_snapshot)
        return {'snapshot': views.snapshot(create(
            req.context, wanted['volume_id'], wanted.get('display_name'),
            wanted.get('display_description')))}

    @proxy
    @wsgi.response(202)
    def delete(self, req, snapshot_id):
        self.volume_api.delete_snapshot(req.context, snapshot_id)
