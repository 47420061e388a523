"""``/os-volumes``: the volume proxy of the compute API over the volume
back end (``[volume] backend``), in Nova's format (deprecated in Nova from
2.36 on, still served at 2.1, and what ``nova volume-*`` used)."""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import volumes as schema
from minova.api import validation
from minova.api import wsgi
from minova.volume import api as volume_api


def _view(volume):
    """Nova's ``_translate_volume_detail_view``; ``[{}]`` for a volume
    without attachments is Nova's too."""
    attachments = [{'id': volume['id'], 'volumeId': volume['id'],
                    'serverId': a['server_id'], 'device': a['device']}
                   for a in volume['attachments']] or [{}]
    return {'id': volume['id'], 'status': volume['status'],
            'size': volume['size'],
            'availabilityZone': volume['availability_zone'],
            'createdAt': common.primitive_time(volume['created_at']),
            'attachments': attachments,
            'displayName': volume['name'],
            'displayDescription': volume['description'],
            'volumeType': volume['volume_type'], 'snapshotId': None,
            'metadata': {}}


class VolumeController:

    def __init__(self, conf):
        self.conf = conf
        self._volume_api = None

    @property
    def volume_api(self):
        if self._volume_api is None:
            self._volume_api = volume_api.load(self.conf)
        return self._volume_api

    def index(self, req):
        return {'volumes': [_view(v) for v in
                            self.volume_api.get_all(req.context)]}

    detail = index

    def show(self, req, volume_id):
        return {'volume': _view(self.volume_api.get(req.context,
                                                    volume_id))}

    @validation.schema(schema.create)
    def create(self, req, body):
        volume = body['volume']
        return {'volume': _view(self.volume_api.create(
            req.context, int(volume['size']),
            name=volume.get('display_name'),
            description=volume.get('display_description'),
            image_id=volume.get('imageRef') or None,
            volume_type=volume.get('volume_type'),
            availability_zone=volume.get('availability_zone')))}

    @wsgi.response(202)
    def delete(self, req, volume_id):
        self.volume_api.delete(req.context, volume_id)
