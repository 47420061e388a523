"""The samples of the routes around servers (doc/api_samples/compute/):
versions and extensions, flavors and their extra specs, images, key
pairs, quotas and limits, server groups, zones and networks, and the
volume and snapshot proxies."""

import time

from minova.tests.functional import api_samples

# An ed25519 key to import: a fixed one, so the sample is the same each
# run.
PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKtV8IJ1hN0NbJhPhr0jR'
              'cSK1jyqlgZbEl4sUmv25BLC sample@minova')
# The proxies' last version (Nova's: 404 from 2.36).
PROXY = '2.35'


class TestResourceSamples(api_samples.SampleTestCase):
    overrides = {'compute_hosts': ['host1']}

    def test_versions_and_extensions(self):
        self.sample('GET', '')
        self.sample('GET', '/')
        self.sample('GET', '/versions/{version_id}', version_id='v2.1')
        self.sample('GET', '/extensions')
        self.sample('GET', '/extensions/{alias}', alias='os-keypairs')

    def test_flavors_and_extra_specs(self):
        self.sample('GET', '/flavors')
        self.sample('GET', '/flavors/detail')
        flavor = dict(flavor_id='1')
        self.sample('GET', '/flavors/{flavor_id}', **flavor)
        self.sample('POST', '/flavors', {'flavor': {
            'name': 'm1.custom', 'id': 'custom', 'ram': 1024, 'vcpus': 2,
            'disk': 10, 'description': 'two cores, a gigabyte'}})
        custom = dict(flavor_id='custom')
        self.sample('PUT', '/flavors/{flavor_id}', {'flavor': {
            'description': 'two cores'}}, **custom)
        specs = '/flavors/{flavor_id}/os-extra_specs'
        self.sample('POST', specs, {'extra_specs': {
            'hw:cpu_policy': 'shared', 'hw:numa_nodes': '1'}}, **custom)
        self.sample('GET', specs, **custom)
        spec = specs + '/{key}'
        self.sample('PUT', spec, {'hw:numa_nodes': '2'}, key='hw:numa_nodes',
                    **custom)
        self.sample('GET', spec, key='hw:numa_nodes', **custom)
        self.sample('DELETE', spec, key='hw:numa_nodes', **custom)
        self.sample('DELETE', '/flavors/{flavor_id}', status=202, **custom)

    def test_images(self):
        self.sample('GET', '/images', version=PROXY)
        self.sample('GET', '/images/detail', version=PROXY)
        self.sample('GET', '/images/{image_id}', version=PROXY,
                    image_id=self.cloud.image_id)

    def test_key_pairs(self):
        self.sample('POST', '/os-keypairs', {'keypair': {
            'name': 'laptop', 'public_key': PUBLIC_KEY, 'type': 'ssh'}},
            status=201)
        key = '/os-keypairs/{keypair_name}'
        self.sample('GET', key, keypair_name='laptop')
        self.sample('GET', '/os-keypairs')
        self.sample('DELETE', key, keypair_name='laptop', status=204)

    def test_quotas_and_limits(self):
        quota = '/os-quota-sets/{tenant_id}'
        demo = dict(tenant_id='demo')
        self.sample('GET', quota, **demo)
        self.sample('GET', quota + '/detail', **demo)
        self.sample('GET', quota + '/defaults', **demo)
        self.sample('PUT', quota, {'quota_set': {
            'instances': 20, 'cores': 40, 'ram': 102400}}, **demo)
        self.sample('DELETE', quota, status=202, **demo)
        self.sample('GET', '/limits')

    def test_server_groups(self):
        group_id = self.sample('POST', '/os-server-groups', {
            'server_group': {'name': 'web', 'policy': 'anti-affinity',
                             'rules': {'max_server_per_host': 2}}},
        ).body['server_group']['id']
        self.sample('GET', '/os-server-groups')
        group = '/os-server-groups/{group_id}'
        self.sample('GET', group, group_id=group_id)
        self.sample('DELETE', group, group_id=group_id, status=204)

    def test_zones_and_networks(self):
        self.sample('GET', '/os-availability-zone')
        self.sample('GET', '/os-availability-zone/detail')
        networks = self.sample('GET', '/os-networks', version=PROXY).body[
            'networks']
        self.sample('GET', '/os-networks/{network_id}', version=PROXY,
                    network_id=networks[0]['id'])

    def test_volumes_and_snapshots(self):
        volume_id = self.sample('POST', '/os-volumes', {'volume': {
            'size': 1, 'display_name': 'data',
            'display_description': 'a data disk',
            'metadata': {'kind': 'data'}}}, version=PROXY).body['volume'][
                'id']
        self.api.wait_for_volume(volume_id, 'available')
        self.sample('GET', '/os-volumes', version=PROXY)
        self.sample('GET', '/os-volumes/detail', version=PROXY)
        volume = '/os-volumes/{volume_id}'
        self.sample('GET', volume, version=PROXY, volume_id=volume_id)
        snapshot_id = self.sample('POST', '/os-snapshots', {'snapshot': {
            'volume_id': volume_id, 'display_name': 'data-snap',
            'display_description': 'before the upgrade'}},
            version=PROXY).body['snapshot']['id']
        snapshot = '/os-snapshots/{snapshot_id}'
        self.wait_for_snapshot(snapshot_id)
        self.sample('GET', '/os-snapshots', version=PROXY)
        self.sample('GET', '/os-snapshots/detail', version=PROXY)
        self.sample('GET', snapshot, version=PROXY, snapshot_id=snapshot_id)
        self.sample('DELETE', snapshot, version=PROXY,
                    snapshot_id=snapshot_id, status=202)
        self.sample('DELETE', volume, version=PROXY, volume_id=volume_id,
                    status=202)

    def wait_for_snapshot(self, snapshot_id):
        for _ in range(200):
            if self.api.get('/os-snapshots/%s' % snapshot_id).body[
                    'snapshot']['status'] == 'available':
                return
            time.sleep(0.05)
        self.fail('snapshot %s never available' % snapshot_id)
