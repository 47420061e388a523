"""Flavors as Nova shows them at microversion 2.1 (``views/flavors.py``)."""

from minova.api.openstack import common

# Nova adds the flavor's description to its views from 2.55 on.
DESCRIPTION_VERSION = '2.55'


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'flavors'

    def basic(self, req, flavor):
        body = {'id': flavor.flavorid, 'name': flavor.name,
                'links': self._get_links(req, flavor.flavorid)}
        if req.api_version >= DESCRIPTION_VERSION:
            body['description'] = flavor.description
        return {'flavor': body}

    def show(self, req, flavor):
        body = self.basic(req, flavor)['flavor']
        body.update({
            'ram': flavor.memory_mb,
            'disk': flavor.root_gb,
            # Nova's historical quirk: no swap is "", not 0.
            'swap': flavor.swap or '',
            'vcpus': flavor.vcpus,
            'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
            'OS-FLV-DISABLED:disabled': flavor.disabled,
            'os-flavor-access:is_public': flavor.is_public,
            'rxtx_factor': flavor.rxtx_factor,
        })
        return {'flavor': body}

    def index(self, req, flavors):
        return self._list_view(
            req, [self.basic(req, item)['flavor'] for item in flavors])

    def detail(self, req, flavors):
        return self._list_view(
            req, [self.show(req, item)['flavor'] for item in flavors],
            collection='flavors/detail')
