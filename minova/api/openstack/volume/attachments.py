"""``/attachments``: Cinder's v3 attachments (3.27; ``os-complete`` 3.44)
over minova's volume back end, the calls minova's own compute makes to a
Cinder (:mod:`minova.volume.cinder`): reserve a volume for a server,
export it to a host's connector, mark it attached, end the attachment.

An attachment's ``connection_info`` is Cinder's flat one (the back end's
``data`` with ``driver_volume_type`` and ``attachment_id`` beside it).
"""

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.volume.schemas import attachments as schema
from minova.api import validation
from minova.api import wsgi

ATTACHMENTS = '3.27'
COMPLETE = '3.44'


def _view(attachment):
    connection_info = {}
    info = attachment.get('connection_info') or {}
    if info:
        connection_info = dict(info.get('data') or {},
                               driver_volume_type=info.get(
                                   'driver_volume_type'),
                               attachment_id=attachment['id'])
    return {'id': attachment['id'], 'status': attachment['status'],
            'instance': attachment['instance'],
            'volume_id': attachment['volume_id'],
            'attach_mode': attachment.get('attach_mode') or 'rw',
            'attached_at': None, 'detached_at': None,
            'connection_info': connection_info}


class AttachmentsController(common.VolumeBackendController):

    @microversion.version_handler(ATTACHMENTS)
    @validation.schema(schema.create)
    def create(self, req, body):
        """Reserve; with a connector, also export (``attaching``)."""
        wanted = body['attachment']
        return {'attachment': _view(self.volume_api.attachment_create(
            req.context, wanted['volume_uuid'], wanted['instance_uuid'],
            connector=wanted.get('connector')))}

    @microversion.version_handler(ATTACHMENTS)
    def show(self, req, attachment_id):
        return {'attachment': _view(self.volume_api.attachment_get(
            req.context, attachment_id))}

    @microversion.version_handler(ATTACHMENTS)
    @validation.schema(schema.update)
    def update(self, req, attachment_id, body):
        """Export the volume to the host the connector describes."""
        return {'attachment': _view(self.volume_api.attachment_update(
            req.context, attachment_id, body['attachment']['connector']))}

    @microversion.version_handler(COMPLETE)
    @wsgi.response(204)
    @validation.schema(schema.complete)
    def action(self, req, attachment_id, body):
        """``os-complete``: the host attached it; the volume is in-use."""
        self.volume_api.attachment_complete(req.context, attachment_id)

    @microversion.version_handler(ATTACHMENTS)
    def delete(self, req, attachment_id):
        """End the attachment; answers the volume's attachments left, as
        Cinder's does."""
        context = req.context
        volume_id = self.volume_api.attachment_get(
            context, attachment_id)['volume_id']
        self.volume_api.attachment_delete(context, attachment_id)
        return {'attachments': [
            {'id': a['attachment_id'], 'status': 'attached',
             'instance': a['server_id'], 'volume_id': volume_id}
            for a in self.volume_api.get(context, volume_id)['attachments']]}
