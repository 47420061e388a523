"""The ``openstack`` CLI manages volumes and attaches them by name, over
the all-in-one's Block Storage API (``/volume/v3``) and its compute API,
with the noauth2 recipe of doc/source/api.rst; and the Block Storage API
over real HTTP refuses bad input with a 4xx naming the problem."""

import testtools

from minova.tests.functional import cli
from minova.tests.functional import fixtures as func_fixtures


class VolumeAPITestBase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.api = self.cloud.api
        self.volume_api = func_fixtures.APIClient(
            self.cloud.port, prefix='/volume/v3/admin')
        resp = self.api.create_server(self.cloud.image_id, name='web')
        self.server_id = resp.body['server']['id']
        self.api.wait_for_server(self.server_id)


@cli.skip_unless_cli
class TestOpenStackVolumeCLI(cli.OpenStackCLIMixin, VolumeAPITestBase):

    def cli_env(self):
        return {'OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE': self.volume_api.endpoint}

    def attachments(self):
        return self.api.get('/servers/%s/os-volume_attachments'
                            % self.server_id).body['volumeAttachments']

    def test_volume_life_cycle_and_attach_by_name(self):
        created = self.cli_json('volume', 'create', '--size', '1',
                                '--description', 'mine', 'data')
        self.assertEqual(('data', 1, 'available', 'mine'), (
            created['name'], created['size'], created['status'],
            created['description']))
        listed = self.cli_json('volume', 'list')
        self.assertEqual([('data', 'available')],
                         [(v['Name'], v['Status']) for v in listed])
        self.assertEqual(created['id'],
                         self.cli_json('volume', 'show', 'data')['id'])

        self.cli('server', 'add', 'volume', self.server_id, 'data')
        self.api.wait_for_volume(created['id'], 'in-use')
        self.assertEqual([created['id']],
                         [a['volumeId'] for a in self.attachments()])
        shown = self.cli_json('volume', 'show', 'data')
        self.assertEqual('in-use', shown['status'])
        self.assertEqual([self.server_id],
                         [a['server_id'] for a in shown['attachments']])
        self.assertIn('detach it first',
                      self.cli_fails('volume', 'delete', 'data'))

        self.cli('server', 'remove', 'volume', self.server_id, 'data')
        self.api.wait_for_volume(created['id'], 'available')
        self.assertEqual([], self.attachments())

        snap = self.cli_json('volume', 'snapshot', 'create', '--volume',
                             'data', 'snap')
        self.assertEqual(('snap', 'available', created['id']), (
            snap['name'], snap['status'], snap['volume_id']))
        self.assertEqual(['snap'], [s['Name'] for s in self.cli_json(
            'volume', 'snapshot', 'list')])
        self.assertEqual(snap['id'], self.cli_json(
            'volume', 'snapshot', 'show', 'snap')['id'])
        self.assertIn('snapshot', self.cli_fails('volume', 'delete', 'data'))
        self.cli('volume', 'snapshot', 'delete', 'snap')
        self.cli('volume', 'delete', 'data')
        self.assertEqual([], self.cli_json('volume', 'list'))

    def test_extend_with_volume_set_size(self):
        volume_id = self.cli_json('volume', 'create', '--size', '1',
                                  'data')['id']
        self.cli('volume', 'set', '--size', '3', 'data')
        shown = self.cli_json('volume', 'show', 'data')
        self.assertEqual((volume_id, 3, 'available'), (
            shown['id'], shown['size'], shown['status']))
        # Never smaller; never while attached (nothing would tell the
        # guest).
        self.assertIn('New size must be greater than 3 GB', self.cli_fails(
            'volume', 'set', '--size', '2', 'data'))
        self.cli('server', 'add', 'volume', self.server_id, 'data')
        self.api.wait_for_volume(volume_id, 'in-use')
        self.assertIn('detach it first', self.cli_fails(
            'volume', 'set', '--size', '4', 'data'))
        self.assertEqual(3, self.cli_json('volume', 'show', 'data')['size'])

    def test_attach_and_detach_by_id(self):
        volume_id = self.cli_json('volume', 'create', '--size', '1',
                                  'data')['id']
        self.cli('server', 'add', 'volume', self.server_id, volume_id)
        self.api.wait_for_volume(volume_id, 'in-use')
        self.cli('server', 'remove', 'volume', self.server_id, volume_id)
        self.api.wait_for_volume(volume_id, 'available')

    def test_bad_input_names_the_problem(self):
        self.assertIn('size', self.cli_fails('volume', 'create', '--size',
                                             '0', 'zero'))
        self.assertIn('gold', self.cli_fails('volume', 'create', '--size',
                                             '1', '--type', 'gold', 'x'))
        self.assertIn('nosuch', self.cli_fails('volume', 'show', 'nosuch'))
        self.assertIn('nosuch', self.cli_fails(
            'server', 'add', 'volume', self.server_id, 'nosuch'))


class TestVolumeAPIOverHTTP(VolumeAPITestBase):

    def test_bad_input_is_4xx_naming_it(self):
        for method, path, body, status, words in (
                ('POST', '/volumes', {'volume': {'size': 0}}, 400,
                 ('size',)),
                ('POST', '/volumes', {'volume': {'size': 1,
                                                 'volume_type': 'gold'}},
                 400, ('gold',)),
                ('GET', '/volumes/nosuch', None, 404, ('nosuch',)),
                ('GET', '/volumes?colour=red', None, 400, ('colour',)),
                ('DELETE', '/snapshots/nosuch', None, 404, ('nosuch',)),
                ('POST', '/volumes/nosuch/action',
                 {'os-extend': {'new_size': 2}}, 404, ('nosuch',))):
            resp = self.volume_api.request(method, path, body=body)
            self.assertEqual(status, resp.status, resp)
            (fault,) = resp.body.values()
            self.assertEqual(status, fault['code'])
            for word in words:
                self.assertIn(word, fault['message'])

    def test_an_attached_volume_is_not_deleted(self):
        volume = self.volume_api.post('/volumes', {'volume': {
            'size': 1}}).body['volume']
        resp = self.api.post('/servers/%s/os-volume_attachments'
                             % self.server_id,
                             {'volumeAttachment': {'volumeId': volume['id']}})
        self.assertEqual(200, resp.status, resp)
        self.api.wait_for_volume(volume['id'], 'in-use')
        resp = self.volume_api.delete('/volumes/%s' % volume['id'])
        self.assertEqual(400, resp.status)
        self.assertIn(self.server_id, resp.body['badRequest']['message'])
        shown = self.volume_api.get('/volumes/%s' % volume['id']).body
        self.assertEqual('in-use', shown['volume']['status'])


class TestVolumeActionsOverHTTP(VolumeAPITestBase):

    def volume(self):
        return self.volume_api.post('/volumes', {'volume': {
            'size': 1}}).body['volume']['id']

    def test_extend(self):
        volume_id = self.volume()
        resp = self.volume_api.post('/volumes/%s/action' % volume_id,
                                    {'os-extend': {'new_size': '2'}})
        self.assertEqual(202, resp.status, resp)
        self.assertEqual(2, self.volume_api.get('/volumes/%s' % volume_id)
                         .body['volume']['size'])
        for body, words in (
                ({'os-extend': {'new_size': 2}},
                 'greater than current size (current: 2, extended: 2)'),
                ({'os-extend': {'new_size': 0}}, 'new_size'),
                ({'os-extend': {}}, "'new_size' is a required property"),
                ({'os-reset_status': {'status': 'error'}},
                 'volume action os-reset_status is not supported')):
            resp = self.volume_api.post('/volumes/%s/action' % volume_id,
                                        body)
            self.assertEqual(400, resp.status, resp)
            self.assertIn(words, resp.text)
        self.assertEqual(2, self.volume_api.get('/volumes/%s' % volume_id)
                         .body['volume']['size'])

    def test_a_volume_shows_its_creator(self):
        demo = func_fixtures.APIClient(self.cloud.port, token='alice:demo',
                                       prefix='/volume/v3/demo')
        created = demo.post('/volumes', {'volume': {'size': 1}}).body[
            'volume']
        self.assertEqual('alice', created['user_id'])
        self.assertEqual('alice', demo.get('/volumes/%s' % created['id'])
                         .body['volume']['user_id'])

    def test_another_projects_volume_is_not_found(self):
        volume_id = self.volume()
        other = func_fixtures.APIClient(self.cloud.port, token='demo:demo',
                                        prefix='/volume/v3/demo')
        resp = other.post('/volumes/%s/action' % volume_id,
                          {'os-extend': {'new_size': 2}})
        self.assertEqual(404, resp.status, resp)
        self.assertEqual(1, self.volume_api.get('/volumes/%s' % volume_id)
                         .body['volume']['size'])

    def test_attachments_need_their_microversions(self):
        volume_id = self.volume()
        body = {'attachment': {'volume_uuid': volume_id,
                               'instance_uuid': self.server_id}}
        resp = self.volume_api.request(
            'POST', '/attachments', body=body,
            headers={'OpenStack-API-Version': 'volume 3.26'})
        self.assertEqual(404, resp.status, resp)
        resp = self.volume_api.request(
            'POST', '/attachments', body=body,
            headers={'OpenStack-API-Version': 'volume 3.27'})
        self.assertEqual(200, resp.status, resp)
        self.assertEqual(('reserved', {}), (
            resp.body['attachment']['status'],
            resp.body['attachment']['connection_info']))
        attachment_id = resp.body['attachment']['id']
        resp = self.volume_api.request(
            'POST', '/attachments/%s/action' % attachment_id,
            body={'os-complete': None},
            headers={'OpenStack-API-Version': 'volume 3.43'})
        self.assertEqual(404, resp.status, resp)
        # Unknown ids are 404 naming them.
        unknown = '5e2c1c5b-3b4e-4c1e-9c47-1f2e3d4c5b6a'
        for method, path, body in (
                ('POST', '/attachments', {'attachment': {
                    'volume_uuid': unknown,
                    'instance_uuid': self.server_id}}),
                ('GET', '/attachments/' + unknown, None),
                ('DELETE', '/attachments/' + unknown, None)):
            resp = self.volume_api.request(
                method, path, body=body,
                headers={'OpenStack-API-Version': 'volume 3.44'})
            self.assertEqual(404, resp.status, resp)
            self.assertIn(unknown, resp.text)
