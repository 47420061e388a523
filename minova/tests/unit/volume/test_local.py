"""The local volume back end's volumes and attachments: real files (qemu-img
where a format needs it) and a real database."""

import os
import shutil

from oslo_serialization import jsonutils
import testtools

from minova import context
from minova import exception
from minova.image import local as local_image
from minova.tests import fixtures as minova_fixtures
from minova.volume import api as volume_api
from minova.volume import files
from minova.volume import local

GIB = 1024 ** 3
SERVER = '6f0c5ad2-9d6c-4ab3-8a0d-5f4f0b9e3c11'
OTHER_SERVER = '7a1d6be3-0e7d-4bc4-9b1e-6a5a1cae4d22'
CONNECTOR = {'host': 'h1', 'ip': '192.0.2.10', 'multipath': False}
needs_qemu_img = testtools.skipIf(shutil.which('qemu-img') is None,
                                  'qemu-img is not installed')


def disk_format(path):
    """What qemu-img finds the file at ``path`` to be."""
    return jsonutils.loads(files.qemu_img(
        'info', '--output=json', path))['format']


class LocalVolumeTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.api = volume_api.load(self.conf)
        self.context = context.RequestContext(user_id='u', project_id='p1')
        self.other = context.RequestContext(user_id='v', project_id='p2')

    def path(self, volume):
        return os.path.join(self.conf.volume.local_volume_dir,
                            'volume-%s' % volume['id'])

    def status(self, volume):
        return self.api.get(self.context, volume['id'])['status']

    def attach(self, volume, server=SERVER):
        """An attachment through the whole life cycle; its id."""
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                server)
        self.api.attachment_update(self.context, attachment['id'],
                                   CONNECTOR, '/dev/vdb')
        self.api.attachment_complete(self.context, attachment['id'])
        return attachment['id']


class TestVolumes(LocalVolumeTestCase):

    def test_loaded_by_the_backend_option(self):
        self.assertIsInstance(self.api, local.LocalVolumeAPI)

    def test_create_makes_a_sparse_raw_file_and_shows_it(self):
        volume = self.api.create(self.context, 2, 'data', 'logs',
                                 metadata={'role': 'db'})
        self.assertEqual(
            {'name': 'data', 'description': 'logs', 'size': 2,
             'status': 'available', 'attach_status': 'detached',
             'availability_zone': 'nova', 'volume_type': None,
             'snapshot_id': None, 'image_id': None, 'bootable': False,
             'multiattach': False, 'metadata': {'role': 'db'},
             'project_id': 'p1', 'user_id': 'u', 'attachments': []},
            {k: v for k, v in volume.items()
             if k not in ('id', 'created_at')})
        self.assertIsNotNone(volume['created_at'])
        path = self.path(volume)
        self.assertEqual(2 * GIB, os.path.getsize(path))
        self.assertLess(os.stat(path).st_blocks * 512, 1024 * 1024)
        self.assertEqual(volume, self.api.get(self.context, volume['id']))
        self.assertEqual([volume], self.api.get_all(self.context))

    @needs_qemu_img
    def test_the_qcow2_type_makes_a_qcow2_file(self):
        volume = self.api.create(self.context, 3, volume_type='qcow2')
        self.assertEqual(('available', 'qcow2'),
                         (volume['status'], volume['volume_type']))
        self.assertEqual('qcow2', disk_format(self.path(volume)))
        self.assertEqual(3 * GIB, files.virtual_size(self.path(volume),
                                                     'qcow2'))
        self.assertLess(os.path.getsize(self.path(volume)), 1024 * 1024)

    @needs_qemu_img
    def test_the_default_format_is_an_option(self):
        self.conf.set_override('local_volume_format', 'qcow2', 'volume')
        volume = self.api.create(self.context, 1)
        self.assertEqual('qcow2', disk_format(self.path(volume)))

    def test_an_unknown_volume_type_is_refused_naming_the_known_ones(self):
        e = self.assertRaises(exception.InvalidVolumeType, self.api.create,
                              self.context, 1, volume_type='gold')
        self.assertIn("no volume type 'gold' (it has multiattach, qcow2, "
                      "raw)", e.format_message())
        self.assertEqual([], self.api.get_all(self.context))

    def test_bad_sizes_are_refused_before_anything_is_made(self):
        for size in (0, -1, '1', 1.5, True):
            self.assertRaises(exception.InvalidVolume, self.api.create,
                              self.context, size)
        self.assertEqual([], self.api.get_all(self.context))

    def test_another_projects_volume_is_not_found(self):
        volume = self.api.create(self.context, 1)
        for call in (self.api.get, self.api.delete):
            self.assertRaises(exception.VolumeNotFound, call, self.other,
                              volume['id'])
        self.assertRaises(exception.VolumeNotFound,
                          self.api.attachment_create, self.other,
                          volume['id'], SERVER)
        self.assertEqual([], self.api.get_all(self.other))
        admin = context.RequestContext(user_id='a', project_id='p3',
                                       is_admin=True)
        self.assertEqual([volume['id']],
                         [v['id'] for v in self.api.get_all(admin)])

    def test_delete_removes_the_file_and_the_record(self):
        volume = self.api.create(self.context, 1)
        self.api.delete(self.context, volume['id'])
        self.assertFalse(os.path.exists(self.path(volume)))
        self.assertRaises(exception.VolumeNotFound, self.api.get,
                          self.context, volume['id'])

    def test_a_file_that_cannot_be_made_leaves_the_volume_in_error(self):
        # The volumes directory cannot be made under a regular file.
        blocker = os.path.join(self.conf.state_path, 'blocker')
        open(blocker, 'w').close()
        self.conf.set_override('local_volume_dir',
                               os.path.join(blocker, 'volumes'), 'volume')
        volume = self.api.create(self.context, 1)
        self.assertEqual('error', volume['status'])
        e = self.assertRaises(exception.VolumeInError,
                              self.api.attachment_create, self.context,
                              volume['id'], SERVER)
        self.assertIn('delete it and create another', e.format_message())
        self.api.delete(self.context, volume['id'])
        self.assertEqual([], self.api.get_all(self.context))

    def test_a_file_that_cannot_be_removed_leaves_error_deleting(self):
        volume = self.api.create(self.context, 1)
        # unlink() cannot remove a directory: the delete fails for real.
        os.unlink(self.path(volume))
        os.makedirs(os.path.join(self.path(volume), 'busy'))
        self.api.delete(self.context, volume['id'])
        self.assertEqual('error_deleting', self.status(volume))
        shutil.rmtree(self.path(volume))
        self.api.delete(self.context, volume['id'])  # tried again
        self.assertEqual([], self.api.get_all(self.context))

    @needs_qemu_img
    def test_from_an_image_holds_its_data_in_the_asked_format(self):
        image_id = local_image.bootstrap(self.conf, self.context.elevated())
        for volume_type, expected in ((None, 'raw'), ('qcow2', 'qcow2')):
            volume = self.api.create(self.context, 2, image_id=image_id,
                                     volume_type=volume_type)
            self.assertEqual(('available', True, image_id), (
                volume['status'], volume['bootable'], volume['image_id']))
            self.assertEqual(expected, disk_format(self.path(volume)))
            # Grown from the image's 1 GB to the volume's 2.
            self.assertEqual(2 * GIB, files.virtual_size(self.path(volume),
                                                         expected))

    @needs_qemu_img
    def test_an_image_larger_than_the_volume_is_refused(self):
        image_id = local_image.bootstrap(self.conf, self.context.elevated())
        image = local_image.LocalImageAPI(self.conf).get(self.context,
                                                         image_id)
        files.qemu_img('resize', '-f', image.disk_format, image.file, '2G')
        e = self.assertRaises(exception.InvalidVolume, self.api.create,
                              self.context, 1, image_id=image_id)
        self.assertIn('does not fit in 1 GB', e.format_message())
        self.assertEqual([], self.api.get_all(self.context))


class TestAttachments(LocalVolumeTestCase):

    def test_the_life_cycle(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.assertEqual(
            {'id': attachment['id'], 'volume_id': volume['id'],
             'instance': SERVER, 'status': 'reserved', 'attach_mode': 'rw',
             'connection_info': {}}, attachment)
        self.assertEqual('reserved', self.status(volume))
        updated = self.api.attachment_update(
            self.context, attachment['id'], CONNECTOR, '/dev/vdb')
        self.assertEqual({
            'driver_volume_type': 'local', 'serial': volume['id'],
            'data': {'device_path': self.path(volume), 'format': 'raw',
                     'volume_id': volume['id'], 'access_mode': 'rw'}},
            updated['connection_info'])
        self.assertEqual('attaching', updated['status'])
        self.assertEqual('attaching', self.status(volume))
        self.assertEqual(updated, self.api.attachment_get(self.context,
                                                          attachment['id']))
        self.api.attachment_complete(self.context, attachment['id'])
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(('in-use', 'attached'),
                         (shown['status'], shown['attach_status']))
        self.assertEqual([{'id': volume['id'], 'volume_id': volume['id'],
                           'attachment_id': attachment['id'],
                           'server_id': SERVER, 'device': '/dev/vdb',
                           'host_name': 'h1'}],
                         shown['attachments'])
        self.api.check_attached(self.context, shown)
        self.api.attachment_delete(self.context, attachment['id'])
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(('available', 'detached', []), (
            shown['status'], shown['attach_status'], shown['attachments']))
        # Deleting it again is fine; showing it is a 404.
        self.api.attachment_delete(self.context, attachment['id'])
        self.assertRaises(exception.VolumeAttachmentNotFound,
                          self.api.attachment_get, self.context,
                          attachment['id'])

    @needs_qemu_img
    def test_a_connector_at_create_connects_at_once_with_the_format(self):
        volume = self.api.create(self.context, 1, volume_type='qcow2')
        attachment = self.api.attachment_create(
            self.context, volume['id'], SERVER, CONNECTOR, '/dev/vdc')
        self.assertEqual(('attaching', 'qcow2'), (
            attachment['status'],
            attachment['connection_info']['data']['format']))
        self.assertEqual('attaching', self.status(volume))
        self.api.attachment_complete(self.context, attachment['id'])
        self.assertEqual('/dev/vdc', self.api.get(
            self.context, volume['id'])['attachments'][0]['device'])

    def test_an_attached_volume_is_refused_to_others_and_to_delete(self):
        volume = self.api.create(self.context, 1)
        self.attach(volume)
        e = self.assertRaises(exception.VolumeInUse,
                              self.api.attachment_create, self.context,
                              volume['id'], OTHER_SERVER)
        self.assertIn('attached to server %s) and is not multiattach' %
                      SERVER, e.format_message())
        e = self.assertRaises(exception.VolumeInUse, self.api.delete,
                              self.context, volume['id'])
        self.assertIn('detach it first', e.format_message())
        # Its own server may have another (Cinder's rule, for a move).
        self.api.attachment_create(self.context, volume['id'], SERVER)
        self.assertEqual('in-use', self.status(volume))

    def test_a_reserved_volume_is_refused_to_another_server(self):
        volume = self.api.create(self.context, 1)
        self.api.attachment_create(self.context, volume['id'], SERVER)
        e = self.assertRaises(exception.VolumeNotAvailable,
                              self.api.attachment_create, self.context,
                              volume['id'], OTHER_SERVER)
        self.assertIn('is reserved: attaching needs it available',
                      e.format_message())
        e = self.assertRaises(exception.VolumeNotAvailable, self.api.delete,
                              self.context, volume['id'])
        self.assertIn('reserved (attached to server', e.format_message())

    def test_a_multiattach_volume_serves_two_servers(self):
        volume = self.api.create(self.context, 1, volume_type='multiattach')
        first = self.attach(volume)
        second = self.attach(volume, OTHER_SERVER)
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual([SERVER, OTHER_SERVER],
                         [a['server_id'] for a in shown['attachments']])
        self.api.attachment_delete(self.context, first)
        self.assertEqual('in-use', self.status(volume))
        self.api.attachment_delete(self.context, second)
        self.assertEqual('available', self.status(volume))

    def test_complete_before_update_and_update_without_connector(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        e = self.assertRaises(exception.InvalidVolume,
                              self.api.attachment_complete, self.context,
                              attachment['id'])
        self.assertIn('update it with the host\'s connector',
                      e.format_message())
        self.assertRaises(exception.InvalidVolume,
                          self.api.attachment_update, self.context,
                          attachment['id'], {})
        self.assertEqual('reserved', self.status(volume))

    def test_another_projects_attachment_is_not_found(self):
        volume = self.api.create(self.context, 1)
        attachment_id = self.attach(volume)
        for call, args in ((self.api.attachment_get, ()),
                           (self.api.attachment_update, (CONNECTOR,)),
                           (self.api.attachment_complete, ())):
            self.assertRaises(exception.VolumeAttachmentNotFound, call,
                              self.other, attachment_id, *args)
        self.api.attachment_delete(self.other, attachment_id)  # nothing
        self.assertEqual('in-use', self.status(volume))

    def test_a_reservation_deleted_makes_it_available_again(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.api.attachment_delete(self.context, attachment['id'])
        self.assertEqual('available', self.status(volume))
        self.api.delete(self.context, volume['id'])
