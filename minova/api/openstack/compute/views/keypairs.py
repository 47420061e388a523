"""Keypairs as Nova shows them (``views/keypairs.py``): ``type`` from 2.2,
a ``keypairs_links`` next link from 2.35 when a page is full."""

from minova.api.openstack import common

TYPE_VERSION = '2.2'
PAGING_VERSION = '2.35'

_INDEX_FIELDS = ('name', 'public_key', 'fingerprint')
_CREATE_FIELDS = _INDEX_FIELDS + ('user_id',)


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'os-keypairs'

    @staticmethod
    def _build(req, keypair, fields):
        body = {field: getattr(keypair, field) for field in fields}
        if req.api_version >= TYPE_VERSION:
            body['type'] = keypair.type
        return body

    def create(self, req, keypair, private_key=None):
        """The new keypair; a generated one with its ``private_key``,
        which minova does not keep: this is the only time it is shown."""
        body = self._build(req, keypair, _CREATE_FIELDS)
        if private_key is not None:
            body['private_key'] = private_key
        return {'keypair': body}

    def show(self, req, keypair):
        body = self._build(req, keypair, _CREATE_FIELDS)
        body.update({
            'id': keypair.id,
            'created_at': common.primitive_time(keypair.created_at),
            'updated_at': common.primitive_time(keypair.updated_at),
            # Nova's, from the days keypairs were soft-deleted.
            'deleted': False,
            'deleted_at': None,
        })
        return {'keypair': body}

    def index(self, req, keypairs):
        items = [self._build(req, keypair, _INDEX_FIELDS)
                 for keypair in keypairs]
        body = {'keypairs': [{'keypair': item} for item in items]}
        if req.api_version >= PAGING_VERSION:
            links = self._get_collection_links(req, items, id_key='name')
            if links:
                body['keypairs_links'] = links
        return body
