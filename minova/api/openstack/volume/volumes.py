"""``/volumes``: Cinder's v3 volumes over minova's volume back end
(``[volume] backend``). Handlers validate, translate Cinder's fields to the
back end's arguments, call it and build the view; the back end's named
exceptions carry their HTTP codes (404, 400)."""

from oslo_utils import strutils

from minova.api.openstack import common
from minova.api.openstack.volume import lists
from minova.api.openstack.volume import microversion as mv
from minova.api.openstack.volume.schemas import volumes as schema
from minova.api.openstack.volume.views import volumes as views
from minova.api.openstack.volume import volume_types
from minova.api import validation
from minova.api import wsgi
from minova import exception

FILTERS = ('name', 'status', 'availability_zone', 'bootable', 'metadata')
# Fields of Cinder's create that minova has nothing behind: 400, named.
_UNSUPPORTED = {
    'source_volid': 'cloning a volume (source_volid) is not supported: '
                    'snapshot it and create the volume from the snapshot',
    'consistencygroup_id': 'consistency groups are not supported',
    'group_id': 'volume groups are not supported',
    'backup_id': 'backups are not supported',
}


_EXTEND = validation.validator(schema.extend)


def _either(wanted, name):
    """Cinder's field or its v1 ``display_`` spelling."""
    return wanted.get(name, wanted.get('display_' + name))


class VolumesController(common.VolumeBackendController):

    def index(self, req):
        return lists.listed(req, self.volume_api.get_all(req.context),
                            FILTERS, 'volumes',
                            lambda v: views.summary(req, v))

    def detail(self, req):
        return lists.listed(req, self.volume_api.get_all(req.context),
                            FILTERS, 'volumes/detail',
                            lambda v: views.detail(req, v))

    def show(self, req, volume_id):
        return {'volume': views.detail(
            req, self.volume_api.get(req.context, volume_id))}

    @wsgi.response(202)
    @validation.schema(schema.create, max_version='3.52')
    @validation.schema(schema.create_v353, mv.SCHEMA_VALIDATION)
    def create(self, req, body):
        wanted = body['volume']
        for field, reason in _UNSUPPORTED.items():
            if wanted.get(field):
                raise exception.Invalid(reason=reason)
        if strutils.bool_from_string(wanted.get('multiattach')):
            raise exception.Invalid(reason=(
                'the multiattach parameter has been removed: create the '
                'volume with the volume type multiattach'))
        context = req.context
        snapshot = None
        if wanted.get('snapshot_id'):
            snapshot = self.volume_api.get_snapshot(context,
                                                    wanted['snapshot_id'])
        size = wanted.get('size')
        if size is None:
            if snapshot is None:
                raise exception.ValidationError(
                    field='size', reason='a volume needs a size (GB) unless '
                                         'it is made from a snapshot')
            size = snapshot['size']
        volume = self.volume_api.create(
            context, int(size), _either(wanted, 'name'),
            _either(wanted, 'description'), snapshot=snapshot,
            image_id=wanted.get('imageRef') or wanted.get('image_id') or None,
            volume_type=volume_types.backend_name(
                self.volume_api, context, wanted.get('volume_type')),
            metadata=wanted.get('metadata'),
            availability_zone=wanted.get('availability_zone'))
        return {'volume': views.detail(req, volume, extended=False)}

    @validation.schema(schema.update, max_version='3.52')
    @validation.schema(schema.update_v353, mv.SCHEMA_VALIDATION)
    def update(self, req, volume_id, body):
        wanted = body['volume']
        fields = {name: _either(wanted, name)
                  for name in ('name', 'description')
                  if name in wanted or 'display_' + name in wanted}
        if 'metadata' in wanted:
            fields['metadata'] = wanted['metadata']
        return {'volume': views.detail(req, self.volume_api.update(
            req.context, volume_id, **fields), extended=False)}

    @wsgi.response(202)
    def action(self, req, volume_id, body):
        """``os-extend``: grow an available volume, the one action of
        Cinder's that minova serves (another is 400 naming it)."""
        names = list(body) if isinstance(body, dict) else []
        if len(names) == 1 and names[0] != 'os-extend':
            raise exception.Invalid(reason=(
                'volume action %s is not supported (minova serves '
                'os-extend)' % names[0]))
        validation.validate(_EXTEND, body)
        self.volume_api.extend(req.context, volume_id,
                               int(body['os-extend']['new_size']))

    @wsgi.response(202)
    def delete(self, req, volume_id):
        """``?cascade=true`` deletes the volume's snapshots first; a force
        delete (an admin's, of a volume in any state) is not supported."""
        context = req.context
        if common.parse_bool(req.GET.get('force', 'false'), 'force'):
            raise exception.Invalid(reason=(
                'force delete is not supported: detach the volume and '
                'delete it'))
        volume = self.volume_api.get(context, volume_id)
        if common.parse_bool(req.GET.get('cascade', 'false'), 'cascade'):
            for snapshot in self.volume_api.get_all_snapshots(context):
                if snapshot['volume_id'] == volume['id']:
                    self.volume_api.delete_snapshot(context, snapshot['id'])
        self.volume_api.delete(context, volume['id'])
