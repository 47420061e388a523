"""``/servers/{server_id}/metadata``: a server's key/value metadata (Nova's
``server_metadata.py``). POST merges, PUT replaces all; one key is read,
set and deleted under ``/{key}``. A server carries at most ``[quota]
metadata_items`` items; metadata changes while a server rests (not while
it builds or a task runs: 409).
"""

import webob.exc

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_metadata as schema
from minova.api import validation
from minova.api import wsgi
from minova import exception


class ServerMetadataController(common.Controller):

    def _metadata(self, context, server_id):
        instance = self._get_instance(context, server_id,
                                      expected_attrs=('metadata',))
        return instance, self.compute_api.get_instance_metadata(context,
                                                                instance)

    def _update(self, context, server_id, metadata, delete):
        instance = self._get_instance(context, server_id,
                                      expected_attrs=('metadata',))
        try:
            return self.compute_api.update_instance_metadata(
                context, instance, metadata, delete=delete)
        except exception.MetadataLimitExceeded as e:
            raise common.metadata_limit_error(e)

    def index(self, req, server_id):
        return {'metadata': self._metadata(req.context, server_id)[1]}

    @validation.schema(schema.create)
    def create(self, req, server_id, body):
        return {'metadata': self._update(req.context, server_id,
                                         body['metadata'], delete=False)}

    @validation.schema(schema.update_all)
    def update_all(self, req, server_id, body):
        return {'metadata': self._update(req.context, server_id,
                                         body['metadata'], delete=True)}

    def show(self, req, server_id, key):
        metadata = self._metadata(req.context, server_id)[1]
        if key not in metadata:
            raise webob.exc.HTTPNotFound(
                explanation='Metadata item was not found')
        return {'meta': {key: metadata[key]}}

    @validation.schema(schema.update)
    def update(self, req, server_id, key, body):
        meta = body['meta']
        if key not in meta:
            raise webob.exc.HTTPBadRequest(
                explanation='Request body and URI mismatch')
        self._update(req.context, server_id, meta, delete=False)
        return {'meta': meta}

    @wsgi.response(204)
    def delete(self, req, server_id, key):
        instance, metadata = self._metadata(req.context, server_id)
        if key not in metadata:
            raise webob.exc.HTTPNotFound(
                explanation='Metadata item was not found')
        self.compute_api.delete_instance_metadata(req.context, instance, key)
