"""The local image back end: rows in the database, files on disk."""

import io
import os
from unittest import mock

import fixtures
import testtools

from minova import context
from minova import exception
from minova.image import api as image_api
from minova.image import local
from minova.tests import fixtures as minova_fixtures


class LocalImageTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.api = image_api.load(self.conf)
        self.context = context.RequestContext(user_id='u', project_id='p1')


class TestLocalImageAPI(LocalImageTestCase):

    def test_loaded_by_the_backend_option(self):
        self.assertIsInstance(self.api, local.LocalImageAPI)
        self.assertIsInstance(self.api, image_api.ImageAPI)

    def test_create_stores_the_file_and_shows_it(self):
        image = self.api.create(self.context, 'cirros', b'x' * 1000,
                                min_disk=1, min_ram=64,
                                properties={'hw_disk_bus': 'virtio'})
        self.assertEqual(('active', 'raw', 1000, 'p1'),
                         (image['status'], image['disk_format'],
                          image['size'], image['owner']))
        with open(image['file'], 'rb') as f:
            self.assertEqual(b'x' * 1000, f.read())
        self.assertTrue(image['file'].startswith(
            self.conf.image.local_image_dir))
        meta = self.api.get(self.context, image['id'])
        self.assertEqual((image['id'], 1, 64, 'virtio', image['file']),
                         (meta.id, meta.min_disk, meta.min_ram,
                          meta.properties['hw_disk_bus'], meta.file))
        self.assertEqual([image['id']], [i['id'] for i in
                                         self.api.get_all(self.context)])

    def test_qcow2_is_recognised_and_files_stream(self):
        data = io.BytesIO(local.QCOW2_MAGIC + b'\0' * (3 * 1024 * 1024))
        image = self.api.create(self.context, 'disk', data)
        self.assertEqual('qcow2', image['disk_format'])
        self.assertEqual(4 + 3 * 1024 * 1024, image['size'])

    def test_private_images_are_their_owners(self):
        image = self.api.create(self.context, 'mine', b'x',
                                visibility='private')
        other = context.RequestContext(user_id='v', project_id='p2')
        self.assertRaises(exception.ImageNotFound, self.api.get, other,
                          image['id'])
        self.assertEqual([], self.api.get_all(other))
        self.assertEqual(image['id'], self.api.get(
            other.elevated(), image['id']).id)

    def test_delete_removes_row_and_file(self):
        image = self.api.create(self.context, 'gone', b'x')
        self.api.delete(self.context, image['id'])
        self.assertFalse(os.path.exists(image['file']))
        self.assertRaises(exception.ImageNotFound, self.api.show,
                          self.context, image['id'])

    def test_bootstrap_registers_one_image_once(self):
        image_id = local.bootstrap(self.conf, self.context)
        image = self.api.show(self.context, image_id)
        self.assertEqual(local.BOOTSTRAP_IMAGE_NAME, image['name'])
        self.assertIn(image['disk_format'], ('qcow2', 'raw'))
        self.assertIsNone(local.bootstrap(self.conf, self.context))

    def test_bootstrap_without_qemu_img_makes_a_raw_image(self):
        with mock.patch('shutil.which', return_value=None):
            image_id = local.bootstrap(self.conf, self.context)
        image = self.api.show(self.context, image_id)
        self.assertEqual(('raw', 1024 * 1024),
                         (image['disk_format'], image['size']))


class TestReserveAndUpload(LocalImageTestCase):
    """A snapshot's image: reserved (queued, no file), then filled."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def _snapshot_file(self, data=b'disk' * 256):
        path = os.path.join(self.tmp, 'snap')
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def test_reserve_makes_a_queued_private_image_without_data(self):
        image = self.api.reserve(self.context, 'web-shelved', min_disk=1,
                                 properties={'image_type': 'snapshot'})
        self.assertEqual(('queued', None, None, 'private', 'p1', 1),
                         (image['status'], image['size'], image['file'],
                          image['visibility'], image['owner'],
                          image['min_disk']))
        self.assertEqual('snapshot', image['properties']['image_type'])

    def test_upload_moves_the_file_in_and_activates(self):
        image = self.api.reserve(self.context, 'snap')
        path = self._snapshot_file()
        uploaded = self.api.upload(self.context, image['id'], path, 'qcow2')
        self.assertEqual(('active', 'qcow2', 1024), (
            uploaded['status'], uploaded['disk_format'], uploaded['size']))
        self.assertFalse(os.path.exists(path))
        with open(uploaded['file'], 'rb') as f:
            self.assertEqual(b'disk' * 256, f.read())
        self.assertEqual(os.path.join(self.conf.image.local_image_dir,
                                      image['id']), uploaded['file'])
        self.assertEqual(uploaded['checksum'], self.api.show(
            self.context, image['id'])['checksum'])

    def test_upload_into_a_deleted_image_fails_and_leaves_no_file(self):
        image = self.api.reserve(self.context, 'snap')
        self.api.delete(self.context, image['id'])
        path = self._snapshot_file()
        self.assertRaises(exception.ImageNotFound, self.api.upload,
                          self.context, image['id'], path, 'raw')
        self.assertFalse(os.path.exists(path))
        self.assertFalse(os.path.exists(os.path.join(
            self.conf.image.local_image_dir, image['id'])))

    def test_an_active_image_cannot_be_uploaded_again(self):
        image = self.api.create(self.context, 'base', b'x')
        path = self._snapshot_file()
        self.assertRaises(exception.Conflict, self.api.upload, self.context,
                          image['id'], path, 'raw')
        with open(image['file'], 'rb') as f:
            self.assertEqual(b'x', f.read())
