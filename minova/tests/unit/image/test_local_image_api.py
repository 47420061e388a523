"""What the Image API v2 needs of the local back end: streamed uploads
with Glance's hashes, back to queued when they fail, the storage quota,
updates by the owner only, and members of shared images."""

import hashlib
import io
import os

from minova import context
from minova import exception
from minova.tests.unit.image import test_local


class _Breaks(io.RawIOBase):
    """A body whose reading fails half-way (the client went away)."""

    def __init__(self):
        self.sent = False

    def read(self, size=-1):
        if self.sent:
            raise OSError('connection reset')
        self.sent = True
        return b'x' * 10


class TestStore(test_local.LocalImageTestCase):

    def reserve(self, **kwargs):
        return self.api.reserve(self.context, 'img', disk_format='raw',
                                **kwargs)

    def files(self):
        directory = self.conf.image.local_image_dir
        return os.listdir(directory) if os.path.isdir(directory) else []

    def test_store_hashes_as_glance(self):
        image = self.reserve(tags=['a'])
        data = b'data' * 1000
        stored = self.api.store(self.context, image['id'], io.BytesIO(data),
                                expected_size=len(data))
        self.assertEqual(('active', 4000, hashlib.md5(data).hexdigest(),
                          'sha512', hashlib.sha512(data).hexdigest(), ['a']),
                         (stored['status'], stored['size'],
                          stored['checksum'], stored['os_hash_algo'],
                          stored['os_hash_value'], stored['tags']))
        self.assertEqual([image['id']], self.files())
        self.assertRaises(exception.Conflict, self.api.store, self.context,
                          image['id'], io.BytesIO(b'x'))

    def test_short_or_failed_uploads_leave_it_queued_without_file(self):
        image = self.reserve()
        self.assertRaises(exception.ImageUploadIncomplete, self.api.store,
                          self.context, image['id'], io.BytesIO(b'x' * 10),
                          expected_size=100)
        self.assertRaises(OSError, self.api.store, self.context,
                          image['id'], _Breaks())
        shown = self.api.show(self.context, image['id'])
        self.assertEqual(('queued', None, None),
                         (shown['status'], shown['size'], shown['file']))
        self.assertEqual([], self.files())

    def test_storage_quota_per_project(self):
        self.conf.set_override('user_storage_quota', '1KB', group='image')
        first = self.reserve()
        self.api.store(self.context, first['id'], io.BytesIO(b'x' * 1000))
        second = self.reserve()
        # Refused by its Content-Length before reading, and while reading.
        self.assertRaises(exception.ImageStorageQuotaExceeded,
                          self.api.store, self.context, second['id'],
                          io.BytesIO(b'x' * 100), expected_size=100)
        self.assertRaises(exception.ImageStorageQuotaExceeded,
                          self.api.store, self.context, second['id'],
                          io.BytesIO(b'x' * 100))
        self.assertEqual('queued', self.api.show(
            self.context, second['id'])['status'])
        other = context.RequestContext(user_id='u2', project_id='p2')
        third = self.api.reserve(other, 'theirs', disk_format='raw')
        self.assertEqual('active', self.api.store(
            other, third['id'], io.BytesIO(b'x' * 1000))['status'])

    def test_only_the_owner_updates(self):
        image = self.reserve(visibility='public')
        updated = self.api.update(self.context, image['id'], {
            'name': 'new', 'tags': ['t'], 'properties': {'k': 'v'}})
        self.assertEqual(('new', ['t'], {'k': 'v'}), (
            updated['name'], updated['tags'], updated['properties']))
        other = context.RequestContext(user_id='u2', project_id='p2')
        self.assertRaises(exception.Forbidden, self.api.update, other,
                          image['id'], {'name': 'x'})
        self.assertRaises(exception.Forbidden, self.api.delete, other,
                          image['id'])


class TestMembers(test_local.LocalImageTestCase):

    def test_shared_with_a_member_who_accepts(self):
        other = context.RequestContext(user_id='u2', project_id='p2')
        private = self.api.reserve(self.context, 'p')
        self.assertRaises(exception.Forbidden, self.api.add_member,
                          self.context, private['id'], 'p2')
        image = self.api.reserve(self.context, 's', visibility='shared')
        self.assertRaises(exception.ImageNotFound, self.api.show, other,
                          image['id'])
        self.assertEqual('pending', self.api.add_member(
            self.context, image['id'], 'p2')['status'])
        self.assertEqual(image['id'], self.api.show(other,
                                                    image['id'])['id'])
        self.assertEqual([], self.api.get_all(other))
        self.assertRaises(exception.Forbidden, self.api.update_member,
                          self.context, image['id'], 'p2', 'accepted')
        self.api.update_member(other, image['id'], 'p2', 'accepted')
        self.assertEqual([image['id']],
                         [i['id'] for i in self.api.get_all(other)])
        self.assertEqual(['p2'], [m['member'] for m in self.api.get_members(
            self.context, image['id'])])
        self.api.delete_member(self.context, image['id'], 'p2')
        self.assertRaises(exception.ImageMemberNotFound,
                          self.api.get_member, self.context, image['id'],
                          'p2')
        # Deleting an image deletes its members.
        self.api.add_member(self.context, image['id'], 'p3')
        self.api.delete(self.context, image['id'])
