"""minova's Block Storage API serves what minova's own ``cinder`` volume
back end asks of a Cinder: :class:`minova.volume.cinder.CinderVolumeAPI`
(python-cinderclient at 3.44, the caller's token) pointed at the
all-in-one's ``/volume/v3`` over a real port, through the attach path's
calls in order."""

import testtools

from minova import context as minova_context
from minova import exception
from minova.tests.functional import fixtures as func_fixtures
from minova.volume import cinder

CONNECTOR = {'host': 'host1', 'ip': '127.0.0.1', 'initiator': None,
             'platform': 'x86_64', 'os_type': 'linux', 'multipath': False}


class TestCinderBackendAgainstMinova(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.cloud.conf.set_override(
            'endpoint_template', 'http://127.0.0.1:%d/volume/v3/%%(%s)s' % (
                self.cloud.port, 'project_id'), group='cinder')
        self.cinder = cinder.CinderVolumeAPI(self.cloud.conf)
        self.context = minova_context.RequestContext(
            user_id='demo', project_id='demo', auth_token='demo:demo',
            is_admin=False)
        self.server_id = '5e2c1c5b-3b4e-4c1e-9c47-1f2e3d4c5b6a'

    def test_the_attach_path_calls(self):
        volume = self.cinder.create(self.context, 1, name='data')
        self.assertEqual(('data', 1, 'available'), (
            volume['name'], volume['size'], volume['status']))
        shown = self.cinder.get(self.context, volume['id'])
        self.assertEqual(('demo', 'demo'), (shown['project_id'],
                                            shown['user_id']))
        volume = self.cinder.extend(self.context, volume['id'], 2)
        self.assertEqual(2, volume['size'])

        attachment = self.cinder.attachment_create(
            self.context, volume['id'], self.server_id)
        self.assertEqual(('reserved', self.server_id, {}), (
            attachment['status'], attachment['instance'],
            attachment['connection_info']))
        self.assertEqual('reserved', self.cinder.get(
            self.context, volume['id'])['status'])
        attachment = self.cinder.attachment_update(
            self.context, attachment['id'], CONNECTOR, mountpoint='/dev/vdb')
        info = attachment['connection_info']
        self.assertEqual(('local', volume['id'], 'rw'), (
            info['driver_volume_type'], info['serial'],
            info['data']['access_mode']))
        self.assertTrue(info['data']['device_path'].endswith(
            'volume-' + volume['id']))
        self.assertEqual(attachment, self.cinder.attachment_get(
            self.context, attachment['id']))
        self.cinder.attachment_complete(self.context, attachment['id'])
        volume = self.cinder.get(self.context, volume['id'])
        self.assertEqual(('in-use', 'attached', [self.server_id]), (
            volume['status'], volume['attach_status'],
            [a['server_id'] for a in volume['attachments']]))

        snapshot = self.cinder.create_snapshot_force(
            self.context, volume['id'], 'snap', 'while attached')
        self.assertEqual(('available', 2), (snapshot['status'],
                                            snapshot['size']))
        self.cinder.attachment_delete(self.context, attachment['id'])
        # Gone already is fine, as the compute's detach expects.
        self.cinder.attachment_delete(self.context, attachment['id'])
        self.assertEqual('available', self.cinder.get(
            self.context, volume['id'])['status'])
        self.cinder.delete_snapshot(self.context, snapshot['id'])
        self.cinder.delete(self.context, volume['id'])
        self.assertRaises(exception.VolumeNotFound, self.cinder.get,
                          self.context, volume['id'])

    def test_refusals_keep_their_meaning(self):
        volume = self.cinder.create(self.context, 1)
        self.assertRaises(exception.VolumeNotFound, self.cinder.get,
                          self.context, self.server_id)
        self.assertRaises(exception.VolumeAttachmentNotFound,
                          self.cinder.attachment_get, self.context,
                          self.server_id)
        exc = self.assertRaises(exception.Invalid, self.cinder.extend,
                                self.context, volume['id'], 1)
        self.assertIn('greater than current size', str(exc))
        # Another project's volume is not found.
        other = minova_context.RequestContext(
            user_id='alt', project_id='alt', auth_token='alt:alt',
            is_admin=False)
        self.assertRaises(exception.VolumeNotFound, self.cinder.get, other,
                          volume['id'])
