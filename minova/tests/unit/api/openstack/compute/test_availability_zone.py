"""/os-availability-zone, the zone of os-services, and the zone of a
server: all from the aggregates of the host."""

import datetime

import fixtures
from oslo_utils import timeutils

from minova import aggregates
from minova import availability_zones
from minova.db import aggregates as db_aggregates
from minova.db import session
from minova.tests.unit.api.openstack.compute import base


class ZonesTestCase(base.APITestCase):

    def setUp(self):
        super().setUp()
        self.services = self.create_services(
            ('ctl', 'minova-conductor'), ('ctl', 'minova-scheduler'),
            ('c1', 'minova-compute'), ('c2', 'minova-compute'),
            ('c3', 'minova-compute'))

    def zone(self, name, zone, *hosts):
        agg = aggregates.create_aggregate(self.admin_context, name, zone)
        for host in hosts:
            aggregates.add_host_to_aggregate(self.admin_context, agg['id'],
                                             host)
        return agg['id']

    def disable(self, host, binary='minova-compute'):
        service = self.services[host, binary]
        service.disabled = True
        service.save()

    def zones(self, path='', token=base.DEMO):
        resp = self.request('/os-availability-zone' + path, token=token)
        self.assertEqual(200, resp.status_int, resp.text)
        return resp.json['availabilityZoneInfo']


class TestList(ZonesTestCase):

    def test_default_zone_only(self):
        self.assertEqual([{'zoneName': 'nova',
                           'zoneState': {'available': True},
                           'hosts': None}], self.zones())

    def test_aggregate_zones_and_unavailable_ones(self):
        self.zone('r1', 'az1', 'c1')
        self.zone('r2', 'az2', 'c2')
        self.zone('empty', 'az3')  # no host: not a zone anyone sees
        self.assertEqual([('az1', True), ('az2', True), ('nova', True)],
                         [(z['zoneName'], z['zoneState']['available'])
                          for z in self.zones()])
        self.disable('c2')
        self.assertEqual([('az1', True), ('nova', True), ('az2', False)],
                         [(z['zoneName'], z['zoneState']['available'])
                          for z in self.zones()])

    def test_default_zone_is_the_option(self):
        self.conf.set_override('default_availability_zone', 'elsewhere',
                               group='compute')
        self.assertEqual(['elsewhere'],
                         [z['zoneName'] for z in self.zones()])


class TestDetail(ZonesTestCase):

    def test_hosts_and_services_of_each_zone(self):
        self.zone('r1', 'az1', 'c1')
        self.disable('c3')
        old = timeutils.utcnow() - datetime.timedelta(hours=1)
        service = self.services['c2', 'minova-compute']
        service.last_seen_up = old
        service.save()
        info = {z['zoneName']: z for z in self.zones('/detail', base.ADMIN)}
        self.assertEqual(['internal', 'az1', 'nova'], list(info))
        self.assertEqual({'ctl'}, set(info['internal']['hosts']))
        self.assertEqual({'minova-conductor', 'minova-scheduler'},
                         set(info['internal']['hosts']['ctl']))
        c1 = info['az1']['hosts']['c1']['minova-compute']
        self.assertEqual({'available': True, 'active': True},
                         {k: c1[k] for k in ('available', 'active')})
        self.assertRegex(c1['updated_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
        # c2 is down (no heartbeat for an hour); c3 disabled is not shown.
        self.assertEqual({'c2'}, set(info['nova']['hosts']))
        self.assertFalse(info['nova']['hosts']['c2']['minova-compute'][
            'available'])
        self.assertTrue(all(z['zoneState']['available']
                            for z in info.values()))

    def test_detail_is_for_admins(self):
        resp = self.request('/os-availability-zone/detail')
        self.assertFault(resp, 403, 'os-availability-zone:detail')


class TestServicesZone(ZonesTestCase):

    def test_os_services_shows_the_aggregate_zone(self):
        self.zone('r1', 'az1', 'c1')
        services = self.request('/os-services', token=base.ADMIN).json[
            'services']
        self.assertEqual(
            {('ctl', 'internal'), ('c1', 'az1'), ('c2', 'nova'),
             ('c3', 'nova')},
            {(s['host'], s['zone']) for s in services})


class TestServerZone(ZonesTestCase):

    def test_server_shows_the_zone_of_its_host(self):
        self.zone('r1', 'az1', 'c1')
        on_c1 = self.create_server(name='one')
        on_c2 = self.create_server(name='two')
        asked = self.create_server(name='three', availability_zone='az1')
        self.make_active(on_c1, host='c1')
        self.make_active(on_c2, host='c2')

        def zone_of(server_id):
            return self.request('/servers/%s' % server_id).json['server'][
                'OS-EXT-AZ:availability_zone']

        self.assertEqual(('az1', 'nova', 'az1'),
                         (zone_of(on_c1), zone_of(on_c2), zone_of(asked)))
        listed = {s['id']: s['OS-EXT-AZ:availability_zone'] for s in
                  self.request('/servers/detail').json['servers']}
        self.assertEqual({on_c1: 'az1', on_c2: 'nova', asked: 'az1'},
                         listed)
        # Before it has a host, a server shows the zone it asked for.
        self.assertEqual('', zone_of(self.create_server(name='four')))

    def test_boot_in_an_unknown_zone_is_400_naming_it(self):
        self.zone('r1', 'az1', 'c1')
        before = self.count_rows()
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'x', 'imageRef': self.image_id, 'flavorRef': '1',
            'availability_zone': 'az9'}})
        self.assertFault(resp, 400, 'availability_zone', 'az9',
                         'az1, nova')
        self.assertEqual(before, self.count_rows())

    def test_boot_in_a_zone_of_disabled_computes_only_is_400(self):
        self.zone('r1', 'az1', 'c1')
        self.disable('c1')
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'x', 'imageRef': self.image_id, 'flavorRef': '1',
            'availability_zone': 'az1'}})
        self.assertFault(resp, 400, 'az1 is not available')

    def test_internal_zone_is_no_place_to_boot(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'x', 'imageRef': self.image_id, 'flavorRef': '1',
            'availability_zone': 'internal'}})
        self.assertFault(resp, 400, 'internal')

    def test_server_zone_follows_each_change_of_the_aggregates(self):
        # The servers controller keeps the zones between requests: every
        # change of an aggregate must show at the next request.
        server_id = self.create_server()
        self.make_active(server_id, host='c1')

        def zone():
            shown = self.request('/servers/%s' % server_id).json['server']
            listed = self.request('/servers/detail').json['servers'][0]
            self.assertEqual(shown['OS-EXT-AZ:availability_zone'],
                             listed['OS-EXT-AZ:availability_zone'])
            return shown['OS-EXT-AZ:availability_zone']

        self.assertEqual('nova', zone())
        agg_id = self.zone('r1', 'az1', 'c1')
        self.assertEqual('az1', zone())
        aggregates.remove_host_from_aggregate(self.admin_context, agg_id,
                                              'c1')
        self.assertEqual('nova', zone())
        aggregates.update_aggregate(self.admin_context, agg_id,
                                    {'availability_zone': 'az2'})
        aggregates.add_host_to_aggregate(self.admin_context, agg_id, 'c1')
        self.assertEqual('az2', zone())
        aggregates.remove_host_from_aggregate(self.admin_context, agg_id,
                                              'c1')
        aggregates.delete_aggregate(self.admin_context, agg_id)
        self.assertEqual('nova', zone())


class TestHostZones(ZonesTestCase):

    def lookup(self, zones, hosts):
        with session.reader() as s:
            return zones.get(self.conf, hosts, s)

    def test_zones_are_read_again_only_when_the_aggregates_changed(self):
        zones = availability_zones.HostZones()
        reads = []
        real = db_aggregates.get_host_zones
        self.useFixture(fixtures.MonkeyPatch(
            'minova.db.aggregates.get_host_zones',
            lambda s: reads.append(1) or real(s)))
        self.assertEqual({'c1': 'nova', 'c2': 'nova'},
                         self.lookup(zones, {'c1', 'c2'}))
        self.assertEqual({'c1': 'nova'}, self.lookup(zones, {'c1'}))
        self.assertEqual(1, len(reads))
        self.zone('r1', 'az1', 'c1')
        self.assertEqual({'c1': 'az1', 'c2': 'nova'},
                         self.lookup(zones, {'c1', 'c2'}))
        self.assertEqual({'c1': 'az1'}, self.lookup(zones, {'c1'}))
        self.assertEqual(2, len(reads))

    def test_no_hosts_asks_nothing(self):
        self.assertEqual({}, availability_zones.HostZones().get(
            self.conf, set(), None))
