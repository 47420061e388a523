"""``/servers/{server_id}/os-volume_attachments``: a server's volumes.

``VolumeAttachmentController.create`` is the first step of the attach
path (doc/source/volume_path.rst): it validates the body and calls
``compute.api.API.attach_volume``, which reserves the device on the
server's compute, creates the volume's attachment and casts the attach;
the answer names the device at once. ``update`` (PUT) swaps an attached
volume for another.
"""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import volume_attachments as schema
from minova.api import validation
from minova.api import wsgi
from minova import exception


def _view(instance_uuid, volume_id, device):
    return {'id': volume_id, 'serverId': instance_uuid,
            'volumeId': volume_id, 'device': device}


class VolumeAttachmentController(common.Controller):

    def index(self, req, server_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        return {'volumeAttachments': [
            _view(instance.uuid, bdm.volume_id, bdm.device_name)
            for bdm in self.compute_api.get_volume_bdms(req.context,
                                                        instance)]}

    def show(self, req, server_id, volume_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        for bdm in self.compute_api.get_volume_bdms(req.context, instance):
            if bdm.volume_id == volume_id:
                return {'volumeAttachment': _view(
                    instance.uuid, volume_id, bdm.device_name)}
        raise exception.VolumeAttachmentNotFound(
            attachment_id='of volume %s to server %s' % (
                volume_id, instance.uuid))

    @validation.schema(schema.create)
    def create(self, req, server_id, body):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        attachment = body['volumeAttachment']
        volume_id = attachment['volumeId']
        device = self.compute_api.attach_volume(
            req.context, instance, volume_id, attachment.get('device'))
        return {'volumeAttachment': _view(instance.uuid, volume_id,
                                          device)}

    @wsgi.response(202)
    @validation.schema(schema.update)
    def update(self, req, server_id, volume_id, body):
        """Swap volume (Nova's PUT at 2.1, an admin's by default policy):
        ``volumeId`` takes the place of attached volume ``volume_id``."""
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        self.compute_api.swap_volume(
            req.context, instance, volume_id,
            body['volumeAttachment']['volumeId'])

    @wsgi.response(202)
    def delete(self, req, server_id, volume_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        self.compute_api.detach_volume(req.context, instance, volume_id)
