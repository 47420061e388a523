"""``/volumes``: Cinder's v3 format over the local back end, its filters
and pages, and bad input refused with 4xx naming the problem."""

from urllib import parse

from minova.api.openstack.volume import volume_types
from minova.tests.unit.api.openstack.volume import base


class TestVolumes(base.VolumeAPITestCase):

    def test_create_answers_cinders_detail(self):
        volume = self.create_volume(name='data', description='d',
                                    metadata={'k': 'v'})
        self.assertEqual(
            ('data', 'd', 1, 'available', 'nova', '__DEFAULT__', 'false',
             False, {'k': 'v'}, [], None),
            tuple(volume[k] for k in (
                'name', 'description', 'size', 'status', 'availability_zone',
                'volume_type', 'bootable', 'multiattach', 'metadata',
                'attachments', 'snapshot_id')))
        # As Cinder's: the project only in show and detail, not in the
        # answer to a create (Tempest's create schema refuses it).
        self.assertNotIn('os-vol-tenant-attr:tenant_id', volume)
        shown = self.vrequest('/volumes/%s' % volume['id']).json['volume']
        self.assertEqual('demo', shown['os-vol-tenant-attr:tenant_id'])
        self.assertEqual(volume_types.type_id('__DEFAULT__'),
                         volume['volume_type_id'])
        self.assertTrue(volume['consumes_quota'])
        self.assertEqual(
            'http://localhost/volume/v3/demo/volumes/%s' % volume['id'],
            volume['links'][0]['href'])
        # A non-admin sees no host.
        self.assertNotIn('os-vol-host-attr:host', volume)

    def test_fields_by_microversion(self):
        volume_id = self.create_volume()['id']
        old = self.vrequest('/volumes/%s' % volume_id,
                            version='3.0').json['volume']
        for field in ('volume_type_id', 'consumes_quota', 'shared_targets',
                      'group_id'):
            self.assertNotIn(field, old)
        new = self.vrequest('/volumes/%s' % volume_id,
                            version='3.48').json['volume']
        self.assertEqual((False, None), (new['shared_targets'],
                                         new['service_uuid']))
        self.assertNotIn('volume_type_id', new)

    def test_create_with_a_type_by_name_or_id_and_display_names(self):
        volume = self.create_volume(volume_type='multiattach',
                                    display_name='shared')
        self.assertEqual(('multiattach', True, 'shared'), (
            volume['volume_type'], volume['multiattach'], volume['name']))
        volume = self.create_volume(volume_type=volume_types.type_id('qcow2'))
        self.assertEqual('qcow2', volume['volume_type'])
        volume = self.create_volume(volume_type='__DEFAULT__')
        self.assertEqual('__DEFAULT__', volume['volume_type'])

    def test_bad_input_is_400_naming_it(self):
        for body, words in (
                ({'size': 0}, ('size', 'minimum')),
                ({'size': 'big'}, ('size',)),
                ({'size': '0'}, ('size 0',)),
                ({}, ('size', 'snapshot')),
                ({'size': 1, 'volume_type': 'gold'},
                 ('volume_type', 'gold', 'raw')),
                ({'size': 1, 'colour': 'red'}, ('colour',)),
                ({'size': 1, 'snapshot_id': 'nope'}, ('snapshot_id',)),
                ({'size': 1, 'source_volid': volume_types.type_id('x')},
                 ('source_volid',)),
                ({'size': 1, 'multiattach': True},
                 ('multiattach', 'volume type')),
                ({'size': 1, 'metadata': {'k': 1}}, ('field/attribute k',))):
            resp = self.vrequest('/volumes', 'POST', {'volume': body})
            self.assertFault(resp, 400, *words)
        self.assertFault(self.vrequest('/volumes', 'POST', {'v': {}}), 400,
                         'volume')
        self.assertEqual([], self.vrequest('/volumes').json['volumes'])

    def test_unknown_fields_are_ignored_before_3_53(self):
        resp = self.vrequest('/volumes', 'POST',
                             {'volume': {'size': 1, 'colour': 'red'}},
                             version='3.52')
        self.assertEqual(202, resp.status_int, resp.text)

    def test_create_from_a_snapshot_takes_its_size(self):
        volume_id = self.create_volume(size=2)['id']
        snap = self.vrequest('/snapshots', 'POST', {'snapshot': {
            'volume_id': volume_id}}).json['snapshot']
        volume = self.create_volume(size=None, snapshot_id=snap['id'])
        self.assertEqual((2, snap['id']), (volume['size'],
                                           volume['snapshot_id']))

    def test_list_detail_and_filters(self):
        first = self.create_volume(name='a')
        second = self.create_volume(name='b', metadata={'tier': 'gold'})
        summary = self.vrequest('/volumes').json['volumes']
        self.assertEqual([{'id', 'name', 'links'}],
                         list({frozenset(v) for v in summary}))
        self.assertEqual(
            [second['id'], first['id']],
            [v['id'] for v in self.vrequest(
                '/volumes/detail').json['volumes']])
        for query, expected in (('name=a', [first]),
                                ('status=in-use', []),
                                ('metadata=%s' % parse.quote(
                                    str({'tier': 'gold'})), [second]),
                                ('bootable=false', [second, first]),
                                ('sort=name:asc', [first, second])):
            found = self.vrequest('/volumes/detail?' + query).json['volumes']
            self.assertEqual([v['id'] for v in expected],
                             [v['id'] for v in found], query)

    def test_bad_filters_are_400_naming_them(self):
        self.assertFault(self.vrequest('/volumes?colour=red'), 400,
                         'colour')
        self.assertFault(self.vrequest('/volumes?sort=colour'), 400,
                         'colour')
        self.assertFault(self.vrequest('/volumes?metadata=x'), 400,
                         'metadata')
        self.assertFault(self.vrequest('/volumes?marker=nope'), 400,
                         'marker', 'nope')

    def test_pages_follow_the_next_link(self):
        ids = [self.create_volume(name=str(i))['id'] for i in range(3)]
        resp = self.vrequest('/volumes?limit=2&with_count=true')
        self.assertEqual(3, resp.json['count'])
        self.assertEqual(ids[::-1][:2], [v['id'] for v in
                                         resp.json['volumes']])
        (link,) = resp.json['volumes_links']
        self.assertEqual('next', link['rel'])
        query = parse.urlsplit(link['href']).query
        resp = self.vrequest('/volumes?' + query)
        self.assertEqual([ids[0]], [v['id'] for v in resp.json['volumes']])
        self.assertNotIn('volumes_links', resp.json)

    def test_projects_see_their_own_and_admins_all_tenants(self):
        mine = self.create_volume()
        theirs = self.create_volume(token='alt:alt')
        self.assertFault(self.vrequest('/volumes/%s' % theirs['id']), 404,
                         theirs['id'])
        self.assertEqual([mine['id']], [v['id'] for v in self.vrequest(
            '/volumes').json['volumes']])
        admin = self.vrequest('/volumes', token=base.ADMIN).json['volumes']
        self.assertEqual([], admin)
        admin = self.vrequest('/volumes?all_tenants=1',
                              token=base.ADMIN).json['volumes']
        self.assertEqual({mine['id'], theirs['id']},
                         {v['id'] for v in admin})

    def test_url_project_must_be_the_callers_or_absent(self):
        volume = self.create_volume()
        self.assertFault(self.vrequest('/volumes', project='alt'), 400,
                         "'alt'")
        resp = self.vrequest('/volumes/%s' % volume['id'], project='')
        self.assertEqual(200, resp.status_int)

    def test_show_unknown_is_404_item_not_found(self):
        resp = self.vrequest('/volumes/data')
        self.assertFault(resp, 404, 'data')
        self.assertIn('itemNotFound', resp.json)

    def test_update_name_description_and_metadata(self):
        volume_id = self.create_volume(name='a')['id']
        resp = self.vrequest('/volumes/%s' % volume_id, 'PUT', {'volume': {
            'name': 'b', 'description': 'now', 'metadata': {'x': 'y'}}})
        self.assertEqual(200, resp.status_int, resp.text)
        volume = resp.json['volume']
        self.assertEqual(('b', 'now', {'x': 'y'}), (
            volume['name'], volume['description'], volume['metadata']))
        self.assertFault(self.vrequest('/volumes/%s' % volume_id, 'PUT', {
            'volume': {'size': 2}}), 400, 'size')
        self.assertFault(self.vrequest('/volumes/%s' % volume_id, 'PUT', {
            'volume': {}}), 400)

    def test_delete_refuses_a_volume_with_snapshots_unless_cascade(self):
        volume_id = self.create_volume()['id']
        self.vrequest('/snapshots', 'POST', {'snapshot': {
            'volume_id': volume_id}})
        self.assertFault(self.vrequest('/volumes/%s' % volume_id, 'DELETE'),
                         400, volume_id, 'snapshot')
        self.assertFault(self.vrequest('/volumes/%s?force=true' % volume_id,
                                       'DELETE'), 400, 'force')
        resp = self.vrequest('/volumes/%s?cascade=true' % volume_id, 'DELETE')
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual([], self.vrequest('/snapshots').json['snapshots'])
        self.assertFault(self.vrequest('/volumes/%s' % volume_id), 404)

    def test_wrong_method_is_405(self):
        resp = self.vrequest('/volumes/detail', 'POST', {})
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET', resp.headers['Allow'])
