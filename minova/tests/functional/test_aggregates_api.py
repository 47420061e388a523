"""Host aggregates over a real HTTP port: an aggregate's zone and metadata
steer where servers land, and the zones are listed."""

from minova.tests.functional import test_servers_api

FILTERS = ['ComputeFilter', 'AvailabilityZoneFilter', 'RamFilter',
           'CoreFilter', 'DiskFilter', 'RetryFilter',
           'AggregateInstanceExtraSpecsFilter']


class AggregatesTestBase(test_servers_api.ServersTestBase):
    overrides = {'compute_hosts': ('host1', 'host2', 'host3'),
                 'filter_scheduler.enabled_filters': FILTERS}

    def aggregate(self, name, zone=None, hosts=(), metadata=None):
        resp = self.api.post('/os-aggregates', {'aggregate': {
            'name': name, 'availability_zone': zone}})
        self.assertEqual(200, resp.status, resp)
        agg_id = resp.body['aggregate']['id']
        for host in hosts:
            resp = self.api.post('/os-aggregates/%s/action' % agg_id,
                                 {'add_host': {'host': host}})
            self.assertEqual(200, resp.status, resp)
        if metadata:
            resp = self.api.post('/os-aggregates/%s/action' % agg_id,
                                 {'set_metadata': {'metadata': metadata}})
            self.assertEqual(200, resp.status, resp)
        return resp.body['aggregate']


class TestZones(AggregatesTestBase):

    def test_boot_in_a_zone_lands_on_its_host(self):
        agg = self.aggregate('rack2', 'az2', hosts=['host2'])
        self.assertEqual(['host2'], agg['hosts'])
        for i in range(3):
            server = self.boot_and_wait(name='in-az2-%d' % i,
                                        availability_zone='az2')
            self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
            self.assertEqual('az2', server['OS-EXT-AZ:availability_zone'])
        # Without a zone a server may land anywhere, and shows its host's.
        server = self.boot_and_wait(name='anywhere')
        expected = 'az2' if server['OS-EXT-SRV-ATTR:host'] == 'host2' \
            else 'nova'
        self.assertEqual(expected, server['OS-EXT-AZ:availability_zone'])

    def test_boot_in_an_unknown_zone_is_400(self):
        self.aggregate('rack2', 'az2', hosts=['host2'])
        resp = self.api.create_server(self.cloud.image_id,
                                      availability_zone='az9')
        self.assertEqual(400, resp.status, resp)
        self.assertIn('az9', resp.body['badRequest']['message'])
        self.assertEqual(0, self.cloud.count_instances())

    def test_zones_are_listed(self):
        self.aggregate('rack2', 'az2', hosts=['host2'])
        demo = self.cloud.client(token='demo:demo')
        resp = demo.get('/os-availability-zone')
        self.assertEqual(200, resp.status, resp)
        self.assertEqual(
            [{'zoneName': 'az2', 'zoneState': {'available': True},
              'hosts': None},
             {'zoneName': 'nova', 'zoneState': {'available': True},
              'hosts': None}],
            sorted(resp.body['availabilityZoneInfo'],
                   key=lambda z: z['zoneName']))
        self.assertEqual(403, demo.get('/os-availability-zone/detail').status)
        detail = {z['zoneName']: z['hosts'] for z in self.api.get(
            '/os-availability-zone/detail').body['availabilityZoneInfo']}
        self.assertEqual({'host2'}, set(detail['az2']))
        self.assertEqual({'host1', 'host3'}, set(detail['nova']))
        self.assertTrue(detail['az2']['host2']['minova-compute'][
            'available'])
        self.assertIn('minova-scheduler', {
            binary for services in detail['internal'].values()
            for binary in services})


class TestExtraSpecs(AggregatesTestBase):

    def test_flavor_extra_spec_lands_on_the_matching_aggregate(self):
        self.aggregate('fast', hosts=['host3'],
                       metadata={'ssd': 'true', 'cpu_gen': '5'})
        self.aggregate('slow', hosts=['host1', 'host2'],
                       metadata={'ssd': 'false', 'cpu_gen': '3'})
        flavor = self.cloud.create_flavor('fast', 512)
        resp = self.api.post('/flavors/%s/os-extra_specs' % flavor.flavorid,
                             {'extra_specs': {
                                 'aggregate_instance_extra_specs:ssd': 'true',
                                 'cpu_gen': '>= 4'}})
        self.assertEqual(200, resp.status, resp)
        for i in range(3):
            server = self.boot_and_wait(name='fast-%d' % i,
                                        flavor_ref=flavor.flavorid)
            self.assertEqual('host3', server['OS-EXT-SRV-ATTR:host'])

    def test_no_aggregate_matches_explains_itself(self):
        self.aggregate('slow', hosts=['host1'], metadata={'ssd': 'false'})
        flavor = self.cloud.create_flavor('fast', 512)
        self.api.post('/flavors/%s/os-extra_specs' % flavor.flavorid,
                      {'extra_specs': {'ssd': 'true'}})
        server = self.boot_and_wait('ERROR', flavor_ref=flavor.flavorid)
        self.assertIn('AggregateInstanceExtraSpecsFilter',
                      server['fault']['message'])
        self.assertIn("ssd='true'", server['fault']['message'])

    def test_metadata_change_is_seen_by_the_next_boot(self):
        agg = self.aggregate('fast', hosts=['host1'],
                             metadata={'ssd': 'true'})
        flavor = self.cloud.create_flavor('fast', 512)
        self.api.post('/flavors/%s/os-extra_specs' % flavor.flavorid,
                      {'extra_specs': {'ssd': 'true'}})
        server = self.boot_and_wait(flavor_ref=flavor.flavorid)
        self.assertEqual('host1', server['OS-EXT-SRV-ATTR:host'])
        # Move the metadata: the scheduler reads the aggregates again.
        self.api.post('/os-aggregates/%s/action' % agg['id'],
                      {'remove_host': {'host': 'host1'}})
        self.api.post('/os-aggregates/%s/action' % agg['id'],
                      {'add_host': {'host': 'host2'}})
        server = self.boot_and_wait(flavor_ref=flavor.flavorid)
        self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
