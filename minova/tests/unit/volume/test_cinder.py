"""The cinder volume back end against a Cinder over HTTP (the fake in
minova/tests/fake_cinder.py, which checks each request against Cinder's
API reference): what it sends, and how it reads the answers."""

import datetime
import socket

import testtools
import webob

from minova import context
from minova import exception
from minova.tests import fake_cinder
from minova.tests import fixtures as minova_fixtures
from minova.volume import api as volume_api
from minova.volume import cinder

SERVER = '6f0c5ad2-9d6c-4ab3-8a0d-5f4f0b9e3c11'
OTHER_SERVER = '7a1d6be3-0e7d-4bc4-9b1e-6a5a1cae4d22'
IMAGE = '0a3f1b6e-5c8d-4e2f-9a7b-1c2d3e4f5a6b'
CONNECTOR = {'host': 'h1', 'ip': '192.0.2.10', 'multipath': False,
             'initiator': 'iqn.1993-08.org.debian:01:h1'}


def make_context(project='p1', **kwargs):
    kwargs.setdefault('auth_token', 'u:%s' % project)
    return context.RequestContext(user_id='u', project_id=project,
                                  request_id='req-test', **kwargs)


class CinderTestCase(testtools.TestCase):

    max_version = '3.71'

    def setUp(self):
        super().setUp()
        self.fake = self.useFixture(fake_cinder.FakeCinderFixture(
            self.max_version))
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'volume.backend': 'cinder',
            'cinder.endpoint_template': self.fake.endpoint_template})).conf
        self.api = volume_api.load(self.conf)
        self.context = make_context()

    @property
    def sent(self):
        """(method, path, microversion, body) of each request."""
        return [r[:4] for r in self.fake.cinder.requests]


class TestVolumes(CinderTestCase):

    def test_loaded_by_the_backend_option(self):
        self.assertIsInstance(self.api, cinder.CinderVolumeAPI)

    def test_create_get_list_delete(self):
        volume = self.api.create(self.context, 2, 'data', 'logs',
                                 image_id=IMAGE, metadata={'role': 'db'},
                                 availability_zone='az1')
        self.assertEqual('creating', volume['status'])
        self.assertEqual(
            [('POST', '/v3/p1/volumes', '3.44', {'volume': {
                'size': 2, 'name': 'data', 'description': 'logs',
                'imageRef': IMAGE, 'metadata': {'role': 'db'},
                'availability_zone': 'az1', 'volume_type': None,
                'snapshot_id': None, 'source_volid': None,
                'consistencygroup_id': None, 'backup_id': None}})],
            self.sent)
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(
            {'id': volume['id'], 'name': 'data', 'description': 'logs',
             'size': 2, 'status': 'available', 'attach_status': 'detached',
             'availability_zone': 'az1', 'volume_type': '__DEFAULT__',
             'snapshot_id': None, 'image_id': IMAGE, 'bootable': True,
             'multiattach': False, 'metadata': {'role': 'db'},
             'project_id': 'p1', 'user_id': 'u', 'attachments': []},
            {k: v for k, v in shown.items() if k != 'created_at'})
        self.assertIsInstance(shown['created_at'], datetime.datetime)
        self.assertEqual([shown], self.api.get_all(self.context))
        self.api.delete(self.context, volume['id'])
        self.assertEqual(('DELETE', '/v3/p1/volumes/%s' % volume['id']),
                         self.sent[-1][:2])
        self.assertRaises(exception.VolumeNotFound, self.api.get,
                          self.context, volume['id'])

    def test_the_token_and_the_request_id_go_to_cinder(self):
        self.api.get_all(self.context)
        self.assertEqual(('GET', '/v3/p1/volumes/detail', '3.44', None,
                          'u:p1', 'req-test'),
                         self.fake.cinder.requests[-1])

    def test_another_projects_volume_is_not_found(self):
        volume = self.api.create(self.context, 1)
        other = make_context('p2')
        self.assertRaises(exception.VolumeNotFound, self.api.get, other,
                          volume['id'])
        self.assertRaises(exception.VolumeNotFound, self.api.delete, other,
                          volume['id'])
        self.assertEqual([], self.api.get_all(other))

    def test_cinders_refusal_is_a_400_with_its_words(self):
        volume = self.api.create(self.context, 1)
        self.api.attachment_create(self.context, volume['id'], SERVER)
        e = self.assertRaises(exception.InvalidVolume, self.api.delete,
                              self.context, volume['id'])
        self.assertEqual(400, e.code)
        self.assertIn('Volume status must be available or error',
                      e.format_message())


class TestAttachments(CinderTestCase):

    def test_the_life_cycle(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.assertEqual(
            {'id': attachment['id'], 'volume_id': volume['id'],
             'instance': SERVER, 'status': 'reserved', 'attach_mode': 'rw',
             'connection_info': {}}, attachment)
        self.assertEqual(('POST', '/v3/p1/attachments', '3.44', {
            'attachment': {'volume_uuid': volume['id'], 'connector': None,
                           'instance_uuid': SERVER}}), self.sent[-1])
        self.assertEqual('reserved', self.api.get(
            self.context, volume['id'])['status'])

        updated = self.api.attachment_update(
            self.context, attachment['id'], CONNECTOR, '/dev/vdb')
        self.assertEqual(('PUT', '/v3/p1/attachments/%s' % attachment['id'],
                          '3.44', {'attachment': {'connector': dict(
                              CONNECTOR, mountpoint='/dev/vdb')}}),
                         self.sent[-1])
        self.assertEqual(
            {'driver_volume_type': 'iscsi', 'serial': volume['id'], 'data': {
                'target_iqn': 'iqn.2010-10.org.openstack:volume-%s'
                              % volume['id'],
                'target_portal': '192.0.2.1:3260', 'target_lun': 0,
                'target_discovered': False, 'volume_id': volume['id'],
                'access_mode': 'rw', 'encrypted': False,
                'qos_specs': None}},
            updated['connection_info'])
        self.assertEqual('attaching', updated['status'])
        self.assertEqual(updated, self.api.attachment_get(self.context,
                                                          attachment['id']))

        self.api.attachment_complete(self.context, attachment['id'])
        self.assertEqual(('POST', '/v3/p1/attachments/%s/action'
                          % attachment['id'], '3.44', {'os-complete': None}),
                         self.sent[-1])
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(('in-use', 'attached'),
                         (shown['status'], shown['attach_status']))
        self.assertEqual([{'id': volume['id'], 'volume_id': volume['id'],
                           'attachment_id': attachment['id'],
                           'server_id': SERVER, 'device': '/dev/vdb',
                           'host_name': None}],
                         shown['attachments'])

        self.api.attachment_delete(self.context, attachment['id'])
        self.assertEqual('DELETE', self.sent[-1][0])
        self.assertEqual('available', self.api.get(
            self.context, volume['id'])['status'])
        self.api.attachment_delete(self.context, attachment['id'])  # gone
        self.assertRaises(exception.VolumeAttachmentNotFound,
                          self.api.attachment_get, self.context,
                          attachment['id'])

    def test_a_connector_at_create_carries_the_mountpoint(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(
            self.context, volume['id'], SERVER, CONNECTOR, '/dev/vdc')
        self.assertEqual('attaching', attachment['status'])
        self.assertEqual(dict(CONNECTOR, mountpoint='/dev/vdc'),
                         self.sent[-1][3]['attachment']['connector'])

    def test_an_attached_volume_is_refused_to_another_server(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.api.attachment_update(self.context, attachment['id'],
                                   CONNECTOR)
        self.api.attachment_complete(self.context, attachment['id'])
        e = self.assertRaises(exception.InvalidVolume,
                              self.api.attachment_create, self.context,
                              volume['id'], OTHER_SERVER)
        self.assertIn('status must be available to reserve, but the current '
                      'status is in-use', e.format_message())
        # The checks every back end shares say so before Cinder is asked.
        self.assertRaises(exception.VolumeInUse, self.api.check_attach,
                          self.context, self.api.get(self.context,
                                                     volume['id']))

    def test_unknown_ids_are_404s(self):
        missing = '9d4b1ad0-7f57-4f5c-9b6e-0a8d1b6a2c11'
        self.assertRaises(exception.VolumeNotFound,
                          self.api.attachment_create, self.context, missing,
                          SERVER)
        for call, args in ((self.api.attachment_update, (CONNECTOR,)),
                           (self.api.attachment_complete, ())):
            self.assertRaises(exception.VolumeAttachmentNotFound, call,
                              self.context, missing, *args)


class TestSnapshots(CinderTestCase):

    def test_create_force_get_list_delete_and_a_volume_from_one(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER, CONNECTOR)
        self.api.attachment_complete(self.context, attachment['id'])
        e = self.assertRaises(exception.InvalidVolume,
                              self.api.create_snapshot, self.context,
                              volume['id'], 'snap', None)
        self.assertIn('status must be available, but current status is: '
                      'in-use', e.format_message())
        snapshot = self.api.create_snapshot_force(self.context, volume['id'],
                                                  'snap', 'nightly')
        self.assertEqual(('POST', '/v3/p1/snapshots', '3.44', {'snapshot': {
            'volume_id': volume['id'], 'force': True, 'name': 'snap',
            'description': 'nightly', 'metadata': {}}}), self.sent[-1])
        shown = self.api.get_snapshot(self.context, snapshot['id'])
        self.assertEqual(
            {'id': snapshot['id'], 'volume_id': volume['id'],
             'status': 'available', 'size': 1, 'name': 'snap',
             'description': 'nightly', 'project_id': 'p1'},
            {k: v for k, v in shown.items() if k != 'created_at'})
        self.assertEqual([shown], self.api.get_all_snapshots(self.context))
        copy = self.api.create(self.context, 1, snapshot=shown)
        self.assertEqual(snapshot['id'], self.sent[-1][3]['volume'][
            'snapshot_id'])
        self.assertEqual(snapshot['id'], self.api.get(
            self.context, copy['id'])['snapshot_id'])
        self.api.delete_snapshot(self.context, snapshot['id'])
        self.assertRaises(exception.SnapshotNotFound, self.api.get_snapshot,
                          self.context, snapshot['id'])
        self.assertRaises(exception.SnapshotNotFound,
                          self.api.delete_snapshot, self.context,
                          snapshot['id'])


class TestOldCinder(CinderTestCase):

    max_version = '3.27'

    def test_without_3_44_the_error_names_the_version_and_endpoint(self):
        e = self.assertRaises(exception.CinderAPIVersionNotAvailable,
                              self.api.get_all, self.context)
        self.assertIn('Cinder API version 3.44 is not available at '
                      'http://127.0.0.1:', e.format_message())


class TestReachingCinder(CinderTestCase):

    def test_a_request_without_a_token_is_refused_before_sending(self):
        e = self.assertRaises(exception.CinderAuthRequired, self.api.get_all,
                              context.get_admin_context())
        self.assertIn('without a user token', e.format_message())
        self.assertEqual([], self.sent)

    def test_the_endpoint_comes_from_the_catalog_without_a_template(self):
        self.conf.clear_override('endpoint_template', 'cinder')
        url = self.fake.endpoint_template % {'project_id': 'p1'}
        catalog = [
            {'type': 'volumev3', 'name': 'cinderv3', 'endpoints': [
                {'region': 'RegionOne', 'publicURL': url}]},
            {'type': 'image', 'name': 'glance', 'endpoints': [
                {'region': 'RegionOne', 'publicURL': 'http://glance'}]}]
        ctx = make_context(service_catalog=catalog)
        # The context keeps (and carries over RPC) the volume entries only.
        self.assertEqual(['volumev3'], [s['type'] for s in
                                        ctx.to_dict()['service_catalog']])
        self.assertEqual([], self.api.get_all(ctx))
        self.assertEqual('/v3/p1/volumes/detail', self.sent[-1][1])
        e = self.assertRaises(exception.CinderConnectionFailed,
                              self.api.get_all, make_context())
        self.assertIn('set [cinder] catalog_info or endpoint_template',
                      e.format_message())

    def test_an_unreachable_cinder_is_named(self):
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        self.conf.set_override('endpoint_template',
                               'http://127.0.0.1:%d/v3/%%(project_id)s' % port,
                               'cinder')
        self.conf.set_override('http_retries', 0, 'cinder')
        e = self.assertRaises(exception.CinderConnectionFailed,
                              self.api.get_all, self.context)
        self.assertIn('Connection to cinder host failed', e.format_message())


class TestTheFakeChecksRequests(testtools.TestCase):
    """The fake refuses what Cinder refuses, so a test passing against it
    means the request had Cinder's shape."""

    def request(self, method, path, body=None, version='3.44',
                token='u:p1'):
        req = webob.Request.blank(path, method=method)
        if token:
            req.headers['X-Auth-Token'] = token
        req.headers['OpenStack-API-Version'] = 'volume %s' % version
        if body is not None:
            req.content_type = 'application/json'
            req.json_body = body
        res = req.get_response(fake_cinder.FakeCinder(max_version='3.60'))
        return res.status_int, res.json_body if res.body else None

    def test_refusals(self):
        volume = {'volume': {'size': 1}}
        for args, kwargs, code, words in (
                (('POST', '/v3/p1/volumes', volume), {'token': None}, 401,
                 'requires authentication'),
                (('POST', '/v3/p2/volumes', volume), {}, 400,
                 'Malformed request url'),
                (('POST', '/v3/p1/volumes', {'volume': {}}), {}, 400,
                 "'size' is a required property"),
                (('POST', '/v3/p1/volumes', {'volume': {'size': 1, 'x': 1}}),
                 {}, 400, "('x' was unexpected)"),
                (('POST', '/v3/p1/attachments', {'attachment': {}}), {}, 400,
                 "'volume_uuid' is a required property"),
                (('POST', '/v3/p1/attachments', {'attachment': {
                    'volume_uuid': SERVER}}), {'version': '3.0'}, 404,
                 'could not be found'),
                (('GET', '/v3/p1/volumes/detail'), {'version': '3.61'}, 406,
                 'maximum is 3.60'),
                (('PATCH', '/v3/p1/volumes/detail'), {}, 404,
                 'could not be found')):
            status, body = self.request(*args, **kwargs)
            self.assertEqual(code, status, (args, body))
            self.assertIn(words, list(body.values())[0]['message'])
