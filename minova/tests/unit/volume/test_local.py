"""The local volume back end: files on disk, rows in the database, and
Cinder's attachment life cycle."""

import json
import os
import shutil
import subprocess

import testtools

from minova import context
from minova import exception
from minova.image import local as local_image
from minova.tests import fixtures as minova_fixtures
from minova.volume import api as volume_api
from minova.volume import local

GIB = 1024 ** 3
SERVER = '6f0c5ad2-9d6c-4ab3-8a0d-5f4f0b9e3c11'
OTHER_SERVER = '7a1d6be3-0e7d-4bc4-9b1e-6a5a1cae4d22'


class LocalVolumeTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.api = volume_api.load(self.conf)
        self.context = context.RequestContext(user_id='u', project_id='p1')

    def _attach(self, volume_id, server=SERVER):
        attachment = self.api.attachment_create(self.context, volume_id,
                                                server)
        info = self.api.attachment_update(
            self.context, attachment['id'], {'host': 'h1'}, '/dev/vdb')
        self.api.attachment_complete(self.context, attachment['id'])
        return attachment['id'], info['connection_info']


class TestVolumes(LocalVolumeTestCase):

    def test_loaded_by_the_backend_option(self):
        self.assertIsInstance(self.api, local.LocalVolumeAPI)

    def test_create_makes_a_sparse_file_and_shows_it(self):
        volume = self.api.create(self.context, 2, name='data',
                                 description='d')
        self.assertEqual(('available', 'detached', 2, 'nova', 'p1', []), (
            volume['status'], volume['attach_status'], volume['size'],
            volume['availability_zone'], volume['project_id'],
            volume['attachments']))
        path = os.path.join(self.conf.volume.local_volume_dir, volume['id'])
        self.assertEqual(2 * GIB, os.path.getsize(path))
        self.assertLess(os.stat(path).st_blocks * 512, 1024 * 1024)
        self.assertEqual(volume['id'], self.api.get(self.context,
                                                    volume['id'])['id'])
        self.assertEqual([volume['id']],
                         [v['id'] for v in self.api.get_all(self.context)])

    def test_bad_sizes_are_refused_before_anything_is_made(self):
        for size in (0, -1, '1', 1.5, True):
            self.assertRaises(exception.InvalidVolume, self.api.create,
                              self.context, size)
        self.assertEqual([], self.api.get_all(self.context))

    def test_another_projects_volume_is_not_found(self):
        volume = self.api.create(self.context, 1)
        other = context.RequestContext(user_id='v', project_id='p2')
        self.assertRaises(exception.VolumeNotFound, self.api.get, other,
                          volume['id'])
        self.assertEqual([], self.api.get_all(other))
        self.assertRaises(exception.VolumeNotFound, self.api.delete, other,
                          volume['id'])
        admin = context.RequestContext(user_id='a', project_id='p3',
                                       is_admin=True)
        self.assertEqual(1, len(self.api.get_all(admin)))

    def test_delete_removes_the_file(self):
        volume = self.api.create(self.context, 1)
        path = os.path.join(self.conf.volume.local_volume_dir, volume['id'])
        self.api.delete(self.context, volume['id'])
        self.assertFalse(os.path.exists(path))
        self.assertRaises(exception.VolumeNotFound, self.api.get,
                          self.context, volume['id'])

    @testtools.skipIf(shutil.which('qemu-img') is None, 'no qemu-img')
    def test_from_an_image_holds_its_data(self):
        admin = self.context.elevated()
        image_id = local_image.bootstrap(self.conf, admin)
        volume = self.api.create(self.context, 1, image_id=image_id)
        self.assertEqual(('available', True, image_id), (
            volume['status'], volume['bootable'], volume['image_id']))
        path = os.path.join(self.conf.volume.local_volume_dir, volume['id'])
        info = json.loads(subprocess.run(
            ['qemu-img', 'info', '--output=json', '-f', 'raw', path],
            check=True, capture_output=True, text=True).stdout)
        self.assertEqual(GIB, info['virtual-size'])

    @testtools.skipIf(shutil.which('qemu-img') is None, 'no qemu-img')
    def test_an_image_larger_than_the_volume_is_refused(self):
        image_id = local_image.bootstrap(self.conf,
                                         self.context.elevated())
        # The bootstrap image is a 1 GB disk: it cannot fit in less.
        image = local_image.LocalImageAPI(self.conf).get(self.context,
                                                         image_id)
        subprocess.run(['qemu-img', 'resize', '-f', image.disk_format,
                        image.file, '2G'], check=True, capture_output=True)
        e = self.assertRaises(exception.InvalidVolume, self.api.create,
                              self.context, 1, image_id=image_id)
        self.assertIn('does not fit in 1 GB', e.format_message())
        self.assertEqual([], self.api.get_all(self.context))


class TestAttachments(LocalVolumeTestCase):

    def test_the_life_cycle(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.assertEqual('reserved',
                         self.api.get(self.context, volume['id'])['status'])
        info = self.api.attachment_update(
            self.context, attachment['id'], {'host': 'h1'}, '/dev/vdb')
        self.assertEqual({
            'driver_volume_type': 'local', 'serial': volume['id'],
            'data': {'device_path': os.path.join(
                self.conf.volume.local_volume_dir, volume['id']),
                'format': 'raw', 'volume_id': volume['id'],
                'access_mode': 'rw'}}, info['connection_info'])
        self.assertEqual('attaching',
                         self.api.get(self.context, volume['id'])['status'])
        self.api.attachment_complete(self.context, attachment['id'])
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(('in-use', 'attached'),
                         (shown['status'], shown['attach_status']))
        self.assertEqual([{'id': attachment['id'],
                           'attachment_id': attachment['id'],
                           'server_id': SERVER, 'device': '/dev/vdb'}],
                         shown['attachments'])
        self.api.attachment_delete(self.context, attachment['id'])
        shown = self.api.get(self.context, volume['id'])
        self.assertEqual(('available', 'detached', []), (
            shown['status'], shown['attach_status'], shown['attachments']))
        # Deleting it again is fine.
        self.api.attachment_delete(self.context, attachment['id'])

    def test_an_attached_volume_is_refused_to_others_and_to_delete(self):
        volume = self.api.create(self.context, 1)
        self._attach(volume['id'])
        e = self.assertRaises(exception.InvalidVolume,
                              self.api.attachment_create, self.context,
                              volume['id'], OTHER_SERVER)
        self.assertIn('in-use, not available', e.format_message())
        e = self.assertRaises(exception.InvalidVolume,
                              self.api.attachment_create, self.context,
                              volume['id'], SERVER)
        self.assertIn('attached to server %s already' % SERVER,
                      e.format_message())
        e = self.assertRaises(exception.InvalidVolume, self.api.delete,
                              self.context, volume['id'])
        self.assertIn('in-use', e.format_message())

    def test_a_reservation_deleted_makes_it_available_again(self):
        volume = self.api.create(self.context, 1)
        attachment = self.api.attachment_create(self.context, volume['id'],
                                                SERVER)
        self.assertRaises(exception.InvalidVolume, self.api.delete,
                          self.context, volume['id'])
        self.api.attachment_delete(self.context, attachment['id'])
        self.assertEqual('available',
                         self.api.get(self.context, volume['id'])['status'])
        self.api.delete(self.context, volume['id'])
