"""Servers microversion by microversion, over HTTP: each test shows a
version's change at that version and its absence just below. Every answer
is also checked against Tempest's schema of its version (APIClient)."""

import time

from minova.api import microversion
from minova.tests.functional import test_servers_api

CEILING = '2.79'


def _at_least(version, other):
    return microversion.APIVersionRequest(version) >= other


class MicroversionTestBase(test_servers_api.ServersTestBase):
    microversion = CEILING

    def at(self, version, token=None):
        """A client asking for ``version`` (admin unless ``token``)."""
        kwargs = {'token': token} if token else {}
        return self.cloud.client(microversion=version, **kwargs)

    def show(self, server_id, version, token=None):
        resp = self.at(version, token).get('/servers/%s' % server_id)
        self.assertEqual(200, resp.status, resp)
        return resp.body['server']

    def boot_at(self, version, **server):
        server.setdefault('name', 'mv')
        if _at_least(version, '2.37') and 'networks' not in server:
            server['networks'] = 'auto'
        resp = self.at(version).create_server(self.cloud.image_id, **server)
        self.assertEqual(202, resp.status, resp)
        return self.api.wait_for_server(resp.body['server']['id'])


class TestServerView(MicroversionTestBase):

    def test_fields_appear_at_their_versions(self):
        server_id = self.boot_at('2.79', description='web', tags=['a'])['id']
        fields = {'2.3': 'OS-EXT-SRV-ATTR:reservation_id',
                  '2.9': 'locked', '2.16': 'host_status',
                  '2.19': 'description', '2.26': 'tags',
                  '2.63': 'trusted_image_certificates',
                  '2.71': 'server_groups', '2.73': 'locked_reason'}
        for version, field in fields.items():
            below = '2.%d' % (int(version.split('.')[1]) - 1)
            self.assertNotIn(field, self.show(server_id, below), below)
            self.assertIn(field, self.show(server_id, version), version)
        server = self.show(server_id, '2.79')
        self.assertEqual(('web', ['a'], False, None, 'UP', []), (
            server['description'], server['tags'], server['locked'],
            server['locked_reason'], server['host_status'],
            server['server_groups']))
        self.assertEqual(0, server['OS-EXT-SRV-ATTR:launch_index'])
        self.assertEqual('mv', server['OS-EXT-SRV-ATTR:hostname'])

    def test_admin_only_fields(self):
        server = self.boot_at('2.79')
        mine = self.show(server['id'], '2.79')
        self.assertIn('OS-EXT-SRV-ATTR:user_data', mine)
        demo = self.at('2.79', token='demo:demo')
        resp = demo.create_server(self.cloud.image_id, name='d',
                                  networks='auto')
        theirs = self.show(resp.body['server']['id'], '2.79',
                           token='demo:demo')
        self.assertNotIn('host_status', theirs)
        self.assertNotIn('OS-EXT-SRV-ATTR:user_data', theirs)

    def test_flavor_is_embedded_from_2_47(self):
        server_id = self.boot_at('2.47')['id']
        self.assertEqual({'id', 'links'},
                         set(self.show(server_id, '2.46')['flavor']))
        self.assertEqual(
            {'vcpus': 1, 'ram': 512, 'disk': 1, 'ephemeral': 0, 'swap': 0,
             'original_name': 'm1.tiny', 'extra_specs': {}},
            self.show(server_id, '2.47')['flavor'])

    def test_server_groups_at_2_71(self):
        group = self.at('2.64').post('/os-server-groups', {'server_group': {
            'name': 'g', 'policy': 'affinity'}}).body['server_group']
        resp = self.at('2.71').post('/servers', {
            'server': {'name': 'g1', 'imageRef': self.cloud.image_id,
                       'flavorRef': '1', 'networks': 'auto'},
            'os:scheduler_hints': {'group': group['id']}})
        self.assertEqual(202, resp.status, resp)
        server_id = resp.body['server']['id']
        self.assertEqual([group['id']],
                         self.show(server_id, '2.71')['server_groups'])
        detail = self.at('2.71').get('/servers/detail').body['servers']
        self.assertNotIn('server_groups', detail[0])


class TestUpdate(MicroversionTestBase):

    def test_description_set_and_removed_from_2_19(self):
        server_id = self.boot_at('2.19', description='one')['id']
        resp = self.at('2.18').put('/servers/%s' % server_id,
                                   {'server': {'description': 'x'}})
        self.assertEqual(400, resp.status, resp)
        resp = self.at('2.19').put('/servers/%s' % server_id,
                                   {'server': {'description': None}})
        self.assertEqual(200, resp.status, resp)
        self.assertIsNone(resp.body['server']['description'])
        self.assertIsNone(self.show(server_id, '2.19')['description'])

    def test_answer_is_the_show_answer_from_2_75(self):
        server_id = self.boot_at('2.75')['id']
        old = self.at('2.74').put('/servers/%s' % server_id,
                                  {'server': {'name': 'renamed'}})
        self.assertEqual(200, old.status, old)
        for field in ('OS-EXT-STS:vm_state', 'OS-EXT-AZ:availability_zone',
                      'key_name', 'OS-EXT-SRV-ATTR:host'):
            self.assertNotIn(field, old.body['server'])
        new = self.at('2.75').put('/servers/%s' % server_id,
                                  {'server': {'name': 'renamed'}})
        shown = self.show(server_id, '2.75')
        self.assertEqual(sorted(shown), sorted(new.body['server']))


class TestCreate(MicroversionTestBase):

    def test_networks_required_from_2_37(self):
        resp = self.at('2.37').create_server(self.cloud.image_id)
        self.assertEqual(400, resp.status, resp)
        self.assertIn('networks', resp.text)
        server = self.boot_at('2.37', networks='none')
        self.assertEqual({}, server['addresses'])

    def test_tags_at_boot_from_2_52(self):
        resp = self.at('2.51').create_server(self.cloud.image_id,
                                             networks='auto', tags=['a'])
        self.assertEqual(400, resp.status, resp)
        server = self.boot_at('2.52', tags=['b', 'a'])
        self.assertEqual(['a', 'b'], self.show(server['id'], '2.52')['tags'])

    def test_device_tags_at_2_32_and_from_2_42(self):
        bdm = [{'source_type': 'blank', 'destination_type': 'local',
                'boot_index': -1, 'volume_size': 1, 'tag': 'scratch'}]
        for version, status in (('2.31', 400), ('2.32', 202),
                                ('2.41', 400), ('2.42', 202)):
            resp = self.at(version).create_server(
                self.cloud.image_id, block_device_mapping_v2=bdm,
                networks='auto' if _at_least(version, '2.37') else [])
            self.assertEqual(status, resp.status, (version, resp))

    def test_host_and_node_from_2_74(self):
        server = self.boot_at('2.74', host='host2')
        self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
        resp = self.at('2.74').create_server(
            self.cloud.image_id, networks='auto', hypervisor_hostname='nope')
        self.assertEqual(400, resp.status, resp)
        resp = self.at('2.73').create_server(
            self.cloud.image_id, networks='auto', host='host2')
        self.assertEqual(400, resp.status, resp)
        resp = self.at('2.74', token='demo:demo').create_server(
            self.cloud.image_id, networks='auto', host='host2')
        self.assertEqual(403, resp.status, resp)

    def test_trusted_certificates_are_refused(self):
        resp = self.at('2.63').create_server(
            self.cloud.image_id, networks='auto',
            trusted_image_certificates=['abc'])
        self.assertEqual(400, resp.status, resp)
        self.assertIn('certificate validation', resp.text)


class TestTagsAPI(MicroversionTestBase):

    def test_tag_crud(self):
        server_id = self.boot_at('2.26')['id']
        tags = '/servers/%s/tags' % server_id
        self.assertEqual(404, self.at('2.25').get(tags).status)
        api = self.at('2.26')
        self.assertEqual({'tags': []}, api.get(tags).body)
        resp = api.put(tags + '/blue')
        self.assertEqual(201, resp.status, resp)
        self.assertTrue(resp.headers['Location'].endswith(tags + '/blue'))
        self.assertEqual(204, api.put(tags + '/blue').status)
        self.assertEqual(204, api.get(tags + '/blue').status)
        self.assertEqual(404, api.get(tags + '/red').status)
        self.assertEqual(400, api.put(tags + '/a,b').status)
        resp = api.put(tags, {'tags': ['x', 'y', 'x']})
        self.assertEqual({'tags': ['x', 'y']}, resp.body)
        self.assertEqual(204, api.delete(tags + '/x').status)
        self.assertEqual(404, api.delete(tags + '/x').status)
        self.assertEqual(204, api.delete(tags).status)
        self.assertEqual([], self.show(server_id, '2.26')['tags'])
        self.assertEqual(400, api.put(tags, {'tags': [
            str(i) for i in range(51)]}).status)

    def test_tag_filters(self):
        ids = {}
        for name, tags in (('ab', ['a', 'b']), ('a', ['a']), ('none', [])):
            ids[name] = self.boot_at('2.52', name=name, tags=tags)['id']
        api = self.at('2.26')

        def names(query):
            resp = api.get('/servers?' + query)
            self.assertEqual(200, resp.status, resp)
            return sorted(s['name'] for s in resp.body['servers'])

        self.assertEqual(['ab'], names('tags=a,b'))
        self.assertEqual(['a', 'ab'], names('tags-any=a,b'))
        self.assertEqual(['a', 'none'], names('not-tags=a,b'))
        self.assertEqual(['none'], names('not-tags-any=a,b'))
        # Before 2.26 the filter is ignored.
        self.assertEqual(3, len(self.at('2.25').get(
            '/servers?tags=a,b').body['servers']))


class TestListFilters(MicroversionTestBase):

    def test_invalid_status_is_400_from_2_38(self):
        self.assertEqual([], self.at('2.37').get(
            '/servers?status=nope').body['servers'])
        resp = self.at('2.38').get('/servers?status=nope')
        self.assertEqual(400, resp.status, resp)
        self.assertIn('Invalid status value', resp.text)

    def test_changes_before_from_2_66(self):
        server = self.boot_at('2.66')
        time.sleep(1.1)
        api = self.at('2.66')
        before = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
        resp = api.get('/servers?changes-before=%s' % before)
        self.assertEqual([server['id']],
                         [s['id'] for s in resp.body['servers']])
        resp = api.get('/servers?changes-before=2000-01-01T00:00:00Z')
        self.assertEqual([], resp.body['servers'])
        resp = api.get('/servers?changes-since=2030-01-01T00:00:00Z&'
                       'changes-before=2000-01-01T00:00:00Z')
        self.assertEqual(400, resp.status, resp)
        # Ignored before 2.66.
        resp = self.at('2.65').get(
            '/servers?changes-before=2000-01-01T00:00:00Z')
        self.assertEqual(1, len(resp.body['servers']))

    def test_lock_reason_and_locked_filter_from_2_73(self):
        locked = self.boot_at('2.73', name='locked')['id']
        self.boot_at('2.73', name='free')
        resp = self.at('2.72').action(locked, 'lock',
                                      {'locked_reason': 'ignored'})
        self.assertEqual(202, resp.status, resp)
        self.assertIsNone(self.show(locked, '2.73')['locked_reason'])
        self.at('2.73').action(locked, 'unlock')
        self.at('2.73').action(locked, 'lock', {'locked_reason': 'audit'})
        server = self.show(locked, '2.73')
        self.assertEqual((True, 'audit'),
                         (server['locked'], server['locked_reason']))
        names = [s['name'] for s in self.at('2.73').get(
            '/servers?locked=true').body['servers']]
        self.assertEqual(['locked'], names)
        self.assertEqual(400, self.at('2.73').get(
            '/servers?locked=maybe').status)
        by_lock = [s['name'] for s in self.at('2.73').get(
            '/servers?sort_key=locked&sort_dir=asc').body['servers']]
        self.assertEqual(['free', 'locked'], by_lock)

    def test_unknown_query_parameter_is_400_from_2_75(self):
        self.assertEqual(200, self.at('2.74').get('/servers?bogus=1').status)
        resp = self.at('2.75').get('/servers?bogus=1')
        self.assertEqual(400, resp.status, resp)
        self.assertIn('bogus', resp.text)
        self.assertEqual(200, self.at('2.74').get(
            '/servers?sort_key=vcpus').status)
        self.assertEqual(400, self.at('2.75').get(
            '/servers?sort_key=vcpus').status)

    def test_paging_links_and_limit_0(self):
        for name in ('p1', 'p2'):
            self.boot_at('2.1', name=name)
        resp = self.api.get('/servers/detail?limit=1')
        (link,) = resp.body['servers_links']
        self.assertIn('/servers/detail?', link['href'])
        self.assertEqual({'servers': []},
                         self.api.get('/servers?limit=0').body)


class TestServerGroups(MicroversionTestBase):

    def create(self, version, group):
        resp = self.at(version).post('/os-server-groups',
                                     {'server_group': group})
        return resp

    def test_group_shape_by_version(self):
        group = self.create('2.12', {'name': 'g', 'policies': [
            'affinity']}).body['server_group']
        self.assertNotIn('project_id', group)
        self.assertEqual(400, self.create('2.14', {
            'name': 'g', 'policies': ['soft-affinity']}).status)
        group = self.create('2.13', {'name': 'g', 'policies': [
            'affinity']}).body['server_group']
        self.assertEqual(('admin', 'admin'),
                         (group['project_id'], group['user_id']))
        self.assertEqual(400, self.create('2.64', {
            'name': 'g', 'policies': ['affinity']}).status)
        resp = self.create('2.64', {'name': 'g', 'policy': 'affinity',
                                    'rules': {'max_server_per_host': 2}})
        self.assertEqual(400, resp.status)
        self.assertIn('Only anti-affinity policy supports rules', resp.text)
        group = self.create('2.64', {
            'name': 'g', 'policy': 'anti-affinity',
            'rules': {'max_server_per_host': 2}}).body['server_group']
        self.assertEqual(('anti-affinity', {'max_server_per_host': 2}),
                         (group['policy'], group['rules']))
        self.assertNotIn('policies', group)
        shown = self.at('2.63').get('/os-server-groups/%s' % group['id'])
        self.assertEqual(['anti-affinity'],
                         shown.body['server_group']['policies'])
        self.assertEqual(400, self.at('2.75').get(
            '/os-server-groups?bogus=1').status)
        self.assertEqual(200, self.at('2.74').get(
            '/os-server-groups?bogus=1').status)


class TestServicesAndActions(MicroversionTestBase):

    def test_force_down_from_2_11(self):
        body = {'host': 'host1', 'binary': 'minova-compute',
                'forced_down': True}
        # Before 2.11 the body itself is refused (as Nova's schema does).
        self.assertEqual(400, self.at('2.10').put(
            '/os-services/force-down', body).status)
        resp = self.at('2.11').put('/os-services/force-down', body)
        self.assertEqual(200, resp.status, resp)
        self.assertEqual({'service': body}, resp.body)
        (service,) = [s for s in self.at('2.11').get(
            '/os-services?binary=minova-compute').body['services']
            if s['host'] == 'host1']
        self.assertEqual((True, 'down'),
                         (service['forced_down'], service['state']))

    def test_actions_of_a_deleted_server_from_2_21(self):
        server_id = self.boot_at('2.21')['id']
        self.assertEqual(204, self.api.delete('/servers/%s' % server_id)
                         .status)
        self.api.wait_for_deleted(server_id)
        path = '/servers/%s/os-instance-actions' % server_id
        self.assertEqual(404, self.at('2.20').get(path).status)
        resp = self.at('2.21').get(path)
        self.assertEqual(200, resp.status, resp)
        self.assertEqual(['delete', 'create'],
                         [a['action'] for a in resp.body['instanceActions']])
