"""/os-aggregates: Nova 2.1's bodies, codes and messages; a refused
request writes nothing."""

from minova.db import aggregates as db_aggregates
from minova.tests.unit.api.openstack.compute import base

ADMIN = base.ADMIN


class AggregatesTestCase(base.APITestCase):

    def setUp(self):
        super().setUp()
        self.create_services(('ctl', 'minova-conductor'),
                             ('c1', 'minova-compute'),
                             ('c2', 'minova-compute'))

    def admin(self, path, method='GET', body=None):
        return self.request('/os-aggregates' + path, method, body,
                            token=ADMIN)

    def create(self, name, zone=None):
        body = {'name': name}
        if zone is not None:
            body['availability_zone'] = zone
        resp = self.admin('', 'POST', {'aggregate': body})
        self.assertEqual(200, resp.status_int, resp.text)
        return resp.json['aggregate']['id']

    def action(self, agg_id, name, value):
        return self.admin('/%s/action' % agg_id, 'POST', {name: value})

    def add_host(self, agg_id, host):
        resp = self.action(agg_id, 'add_host', {'host': host})
        self.assertEqual(200, resp.status_int, resp.text)
        return resp.json['aggregate']

    def show(self, agg_id):
        return self.admin('/%s' % agg_id).json['aggregate']


class TestCrud(AggregatesTestCase):

    def test_create_show_list_as_nova(self):
        resp = self.admin('', 'POST', {'aggregate': {
            'name': 'rack1', 'availability_zone': 'az1'}})
        self.assertEqual(200, resp.status_int)
        created = resp.json['aggregate']
        self.assertEqual({'id', 'name', 'availability_zone', 'created_at',
                          'updated_at', 'deleted_at', 'deleted'},
                         set(created))
        self.assertEqual(('rack1', 'az1', False, None, None),
                         (created['name'], created['availability_zone'],
                          created['deleted'], created['deleted_at'],
                          created['updated_at']))
        self.assertRegex(created['created_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
        shown = self.show(created['id'])
        self.assertEqual(dict(created, hosts=[],
                              metadata={'availability_zone': 'az1'}), shown)
        self.assertEqual({'aggregates': [shown]}, self.admin('').json)

    def test_create_without_zone(self):
        agg_id = self.create('plain')
        shown = self.show(agg_id)
        self.assertEqual((None, {}), (shown['availability_zone'],
                                      shown['metadata']))
        self.assertEqual(None, self.show(self.create('nullzone', zone=None))[
            'availability_zone'])

    def test_update_name_and_zone(self):
        agg_id = self.create('rack1', 'az1')
        resp = self.admin('/%s' % agg_id, 'PUT', {'aggregate': {
            'name': 'rack2', 'availability_zone': 'az2'}})
        self.assertEqual(200, resp.status_int, resp.text)
        updated = resp.json['aggregate']
        self.assertEqual(('rack2', 'az2', {'availability_zone': 'az2'}),
                         (updated['name'], updated['availability_zone'],
                          updated['metadata']))
        self.assertIsNotNone(updated['updated_at'])
        resp = self.admin('/%s' % agg_id, 'PUT',
                          {'aggregate': {'name': 'rack3'}})
        updated = resp.json['aggregate']
        self.assertEqual(('rack3', 'az2'), (updated['name'],
                                            updated['availability_zone']))

    def test_delete(self):
        agg_id = self.create('rack1')
        resp = self.admin('/%s' % agg_id, 'DELETE')
        self.assertEqual((200, b''), (resp.status_int, resp.body))
        self.assertFault(self.admin('/%s' % agg_id), 404,
                         'Aggregate %s could not be found' % agg_id)
        self.assertEqual({'aggregates': []}, self.admin('').json)
        self.create('rack1')  # the name is free again

    def test_hosts_and_metadata(self):
        agg_id = self.create('rack1', 'az1')
        self.add_host(agg_id, 'c1')
        agg = self.add_host(agg_id, 'c2')
        self.assertEqual(['c1', 'c2'], agg['hosts'])
        resp = self.action(agg_id, 'set_metadata',
                           {'metadata': {'ssd': 'true', 'gpu': 'no'}})
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual({'availability_zone': 'az1', 'ssd': 'true',
                          'gpu': 'no'}, resp.json['aggregate']['metadata'])
        resp = self.action(agg_id, 'set_metadata',
                           {'metadata': {'gpu': None, 'nokey': None}})
        self.assertEqual({'availability_zone': 'az1', 'ssd': 'true'},
                         resp.json['aggregate']['metadata'])
        resp = self.action(agg_id, 'remove_host', {'host': 'c1'})
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual(['c2'], resp.json['aggregate']['hosts'])

    def test_changes_move_the_scheduler_version(self):
        before = db_aggregates.get_version()
        agg_id = self.create('rack1')
        after_create = db_aggregates.get_version()
        self.add_host(agg_id, 'c1')
        self.assertEqual(len({before, after_create,
                              db_aggregates.get_version()}), 3)


class TestRefused(AggregatesTestCase):

    def test_only_admins(self):
        agg_id = self.create('rack1')
        for path, method, body in (
                ('', 'GET', None),
                ('', 'POST', {'aggregate': {'name': 'x'}}),
                ('/%s' % agg_id, 'GET', None),
                ('/%s' % agg_id, 'PUT', {'aggregate': {'name': 'y'}}),
                ('/%s' % agg_id, 'DELETE', None),
                ('/%s/action' % agg_id, 'POST',
                 {'add_host': {'host': 'c1'}})):
            self.assertFault(self.request('/os-aggregates' + path, method,
                                          body), 403, 'os-aggregates')
        self.assertEqual(('rack1', []), (self.show(agg_id)['name'],
                                         self.show(agg_id)['hosts']))

    def test_bad_bodies(self):
        agg_id = self.create('rack1')
        for body, word in (
                ({}, 'aggregate'),
                ({'aggregate': {}}, 'name'),
                ({'aggregate': {'name': ''}}, 'name'),
                ({'aggregate': {'name': ' x'}}, 'name'),
                ({'aggregate': {'name': 'x' * 256}}, 'name'),
                ({'aggregate': {'name': 'x', 'colour': 'red'}}, 'colour'),
                ({'aggregate': {'name': 'x', 'availability_zone': 'a:b'}},
                 'availability_zone'),
                ({'aggregate': {'name': 'x', 'availability_zone': ''}},
                 'availability_zone')):
            self.assertFault(self.admin('', 'POST', body), 400, word)
        self.assertFault(self.admin('/%s' % agg_id, 'PUT',
                                    {'aggregate': {}}), 400)
        self.assertFault(self.admin('/%s' % agg_id, 'PUT', {
            'aggregate': {'name': 'x', 'hosts': []}}), 400, 'hosts')
        self.assertEqual(['rack1'], [a['name'] for a in self.admin('').json[
            'aggregates']])

    def test_duplicate_name_is_409(self):
        agg_id = self.create('rack1')
        other = self.create('rack2')
        self.assertFault(self.admin('', 'POST', {
            'aggregate': {'name': 'rack1'}}), 409,
            'Aggregate rack1 already exists')
        self.assertFault(self.admin('/%s' % other, 'PUT', {
            'aggregate': {'name': 'rack1'}}), 409, 'rack1')
        self.assertEqual('rack2', self.show(other)['name'])
        self.assertEqual('rack1', self.show(agg_id)['name'])

    def test_ids(self):
        self.assertFault(self.admin('/nope'), 400, 'id must be an integer',
                         'nope')
        self.assertFault(self.admin('/42'), 404, 'Aggregate 42')
        self.assertFault(self.admin('/42', 'PUT', {
            'aggregate': {'name': 'x'}}), 404, 'Aggregate 42')
        self.assertFault(self.admin('/42', 'DELETE'), 404, 'Aggregate 42')
        self.assertFault(self.action(42, 'add_host', {'host': 'c1'}), 404,
                         'Aggregate 42')
        self.assertFault(self.action(42, 'set_metadata',
                                     {'metadata': {'a': 'b'}}), 404,
                         'Aggregate 42')

    def test_delete_with_hosts_is_400_as_nova(self):
        agg_id = self.create('rack1')
        self.add_host(agg_id, 'c1')
        self.assertFault(self.admin('/%s' % agg_id, 'DELETE'), 400,
                         'Host aggregate is not empty')
        self.assertEqual(['c1'], self.show(agg_id)['hosts'])

    def test_bad_actions(self):
        agg_id = self.create('rack1')
        self.assertFault(self.action(agg_id, 'reboot', {}), 400,
                         'There is no such action: reboot')
        self.assertFault(self.admin('/%s/action' % agg_id, 'POST', {
            'add_host': {'host': 'c1'}, 'remove_host': {'host': 'c1'}}),
            400, 'exactly one key')
        self.assertFault(self.admin('/%s/action' % agg_id, 'POST'), 400,
                         'exactly one key')
        for name, value, word in (
                ('add_host', {}, 'host'),
                ('add_host', {'host': 'c1', 'x': 1}, 'x'),
                ('add_host', {'host': 'bad host'}, 'host'),
                ('remove_host', {'host': 5}, 'host'),
                ('set_metadata', {}, 'metadata'),
                ('set_metadata', {'metadata': {'k': 5}}, 'k'),
                ('set_metadata', {'metadata': {'k/x': 'v'}}, 'k/x'),
                ('set_metadata', {'metadata': {'k': 'v' * 256}}, 'k')):
            self.assertFault(self.action(agg_id, name, value), 400, word)
        self.assertEqual(([], {}), (self.show(agg_id)['hosts'],
                                    self.show(agg_id)['metadata']))

    def test_unknown_host_is_404(self):
        agg_id = self.create('rack1')
        self.assertFault(self.action(agg_id, 'add_host', {'host': 'c9'}),
                         404, 'Compute host c9 could not be found')
        # A host with services but no compute service is no compute host.
        self.assertFault(self.action(agg_id, 'add_host', {'host': 'ctl'}),
                         404, 'ctl')
        self.assertFault(self.action(agg_id, 'remove_host', {'host': 'c9'}),
                         404, 'Cannot remove host c9 in aggregate')
        self.assertFault(self.action(agg_id, 'remove_host', {'host': 'c1'}),
                         404, 'has no host c1')
        self.assertEqual([], self.show(agg_id)['hosts'])

    def test_host_twice_is_409(self):
        agg_id = self.create('rack1')
        self.add_host(agg_id, 'c1')
        self.assertFault(self.action(agg_id, 'add_host', {'host': 'c1'}),
                         409, 'already has host c1')


class TestZoneRules(AggregatesTestCase):
    """A host is in at most one zone; a zone is never emptied to ''."""

    def test_host_in_two_zones_is_409_on_add_host(self):
        az1 = self.create('rack1', 'az1')
        az2 = self.create('rack2', 'az2')
        self.add_host(az1, 'c1')
        self.assertFault(self.action(az2, 'add_host', {'host': 'c1'}), 409,
                         'already in availability zone(s) az1')
        self.assertEqual([], self.show(az2)['hosts'])
        # Same zone, or no zone: fine.
        self.add_host(self.create('rack3', 'az1'), 'c1')
        self.add_host(self.create('plain'), 'c1')

    def test_zone_change_that_splits_a_host_is_400(self):
        az1 = self.create('rack1', 'az1')
        plain = self.create('plain')
        self.add_host(az1, 'c1')
        self.add_host(plain, 'c1')
        self.assertFault(self.admin('/%s' % plain, 'PUT', {'aggregate': {
            'name': 'renamed', 'availability_zone': 'az2'}}), 400,
            'Cannot update aggregate', 'already in availability zone(s) az1')
        self.assertFault(self.action(plain, 'set_metadata', {
            'metadata': {'availability_zone': 'az2'}}), 400,
            'Cannot update metadata of aggregate', 'az1')
        # Nothing was written, the rename neither.
        self.assertEqual(('plain', None), (self.show(plain)['name'],
                                           self.show(plain)[
                                               'availability_zone']))

    def test_empty_zone_is_400(self):
        az1 = self.create('rack1', 'az1')
        self.assertFault(self.admin('/%s' % az1, 'PUT', {
            'aggregate': {'availability_zone': None}}), 400,
            'does not support empty named availability zone')
        self.assertFault(self.action(az1, 'set_metadata', {
            'metadata': {'availability_zone': None}}), 400,
            'does not support empty named availability zone')
        self.assertEqual('az1', self.show(az1)['availability_zone'])

    def test_zone_of_hosts_with_servers_cannot_change(self):
        az1 = self.create('rack1', 'az1')
        self.add_host(az1, 'c1')
        self.make_active(self.create_server(), host='c1')
        self.assertFault(self.admin('/%s' % az1, 'PUT', {
            'aggregate': {'availability_zone': 'az2'}}), 400,
            'One or more hosts contain instances in this zone')
        self.assertEqual('az1', self.show(az1)['availability_zone'])
        # Setting the zone it has is no change.
        resp = self.action(az1, 'set_metadata',
                           {'metadata': {'availability_zone': 'az1'}})
        self.assertEqual(200, resp.status_int, resp.text)
