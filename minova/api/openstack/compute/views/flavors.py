"""Flavors as Nova shows them (``views/flavors.py``): the description
from 2.55, the extra specs (for callers allowed to list them) from 2.61,
``swap`` 0 rather than "" when there is none from 2.75."""

from minova.api.openstack import common

# Nova adds the flavor's description to its views from 2.55 on.
DESCRIPTION_VERSION = '2.55'
EXTRA_SPECS_VERSION = '2.61'
SWAP_ZERO_VERSION = '2.75'
EXTRA_SPECS_RULE = 'os_compute_api:os-flavor-extra-specs:index'


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'flavors'

    def basic(self, req, flavor):
        body = {'id': flavor.flavorid, 'name': flavor.name,
                'links': self._get_links(req, flavor.flavorid)}
        if req.api_version >= DESCRIPTION_VERSION:
            body['description'] = flavor.description
        return {'flavor': body}

    def show(self, req, flavor, extra_specs=None):
        """The detailed view; ``extra_specs``: whether to show them (from
        2.61), None to ask policy."""
        version = req.api_version
        body = self.basic(req, flavor)['flavor']
        body.update({
            'ram': flavor.memory_mb,
            'disk': flavor.root_gb,
            # Nova's historical quirk: no swap is "", not 0 (until 2.75).
            'swap': (flavor.swap if version >= SWAP_ZERO_VERSION
                     else flavor.swap or ''),
            'vcpus': flavor.vcpus,
            'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
            'OS-FLV-DISABLED:disabled': flavor.disabled,
            'os-flavor-access:is_public': flavor.is_public,
            'rxtx_factor': flavor.rxtx_factor,
        })
        if version >= EXTRA_SPECS_VERSION:
            if extra_specs is None:
                extra_specs = common.allowed(req, EXTRA_SPECS_RULE)
            if extra_specs:
                body['extra_specs'] = dict(flavor.extra_specs)
        return {'flavor': body}

    def index(self, req, flavors):
        return self._list_view(
            req, [self.basic(req, item)['flavor'] for item in flavors])

    def detail(self, req, flavors):
        specs = (req.api_version >= EXTRA_SPECS_VERSION and
                 common.allowed(req, EXTRA_SPECS_RULE))
        return self._list_view(
            req, [self.show(req, item, specs)['flavor']
                  for item in flavors],
            collection='flavors/detail')
