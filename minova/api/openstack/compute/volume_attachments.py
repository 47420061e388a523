"""``/servers/{server_id}/os-volume_attachments``: a server's volumes.

``VolumeAttachmentController.create`` is the first step of the attach
path (doc/source/volume_path.rst): it validates the body and calls
``compute.api.API.attach_volume``, which reserves the device on the
server's compute, creates the volume's attachment and casts the attach;
the answer names the device at once. ``update`` (PUT) swaps an attached
volume for another.

By microversion: 2.49 takes a device ``tag`` on attach, 2.70 shows it
(null when none), 2.60 lets a multiattach volume be attached (400
before), 2.79 takes and shows ``delete_on_termination`` (the
volume is deleted with the server).
"""

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import volume_attachments as schema
from minova.api import validation
from minova.api import wsgi
from minova import exception


SHOW_TAG_VERSION = microversion.APIVersionRequest('2.70')
DELETE_ON_TERMINATION_VERSION = microversion.APIVersionRequest('2.79')
MULTIATTACH_VERSION = microversion.APIVersionRequest('2.60')


def _view(req, instance_uuid, volume_id, device, tag=None,
          delete_on_termination=False):
    view = {'id': volume_id, 'serverId': instance_uuid,
            'volumeId': volume_id, 'device': device}
    if req.api_version >= SHOW_TAG_VERSION:
        view['tag'] = tag
    if req.api_version >= DELETE_ON_TERMINATION_VERSION:
        view['delete_on_termination'] = bool(delete_on_termination)
    return view


def _bdm_view(req, instance_uuid, bdm):
    return _view(req, instance_uuid, bdm.volume_id, bdm.device_name,
                 bdm.tag, bdm.delete_on_termination)


class VolumeAttachmentController(common.Controller):

    def index(self, req, server_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        return {'volumeAttachments': [
            _bdm_view(req, instance.uuid, bdm)
            for bdm in self.compute_api.get_volume_bdms(req.context,
                                                        instance)]}

    def show(self, req, server_id, volume_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        for bdm in self.compute_api.get_volume_bdms(req.context, instance):
            if bdm.volume_id == volume_id:
                return {'volumeAttachment': _bdm_view(
                    req, instance.uuid, bdm)}
        raise exception.VolumeAttachmentNotFound(
            attachment_id='of volume %s to server %s' % (
                volume_id, instance.uuid))

    @validation.schema(schema.create, '2.1', '2.48')
    @validation.schema(schema.create_v249, '2.49', '2.78')
    @validation.schema(schema.create_v279, '2.79')
    def create(self, req, server_id, body):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        attachment = body['volumeAttachment']
        volume_id = attachment['volumeId']
        tag = attachment.get('tag')
        delete_on_termination = attachment.get('delete_on_termination',
                                               False)
        device = self.compute_api.attach_volume(
            req.context, instance, volume_id, attachment.get('device'),
            tag=tag, delete_on_termination=delete_on_termination,
            supports_multiattach=req.api_version >= MULTIATTACH_VERSION)
        return {'volumeAttachment': _view(req, instance.uuid, volume_id,
                                          device, tag,
                                          delete_on_termination)}

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
