"""Snapshots of local volumes: full copies in files of their own, and
volumes made from them."""

import os

from minova import exception
from minova.tests.unit.volume import test_local

SERVER = test_local.SERVER
DATA = b'minova was here'


class TestSnapshots(test_local.LocalVolumeTestCase):

    def snapshot_path(self, snapshot):
        return os.path.join(self.conf.volume.local_volume_dir,
                            'snapshot-%s' % snapshot['id'])

    def volume_with_data(self, **kwargs):
        volume = self.api.create(self.context, 1, **kwargs)
        with open(self.path(volume), 'r+b') as f:
            f.seek(4096)
            f.write(DATA)
        return volume

    @staticmethod
    def read(path):
        with open(path, 'rb') as f:
            f.seek(4096)
            return f.read(len(DATA))

    @test_local.needs_qemu_img
    def test_a_snapshot_is_a_copy_and_a_volume_made_from_it_too(self):
        volume = self.volume_with_data()
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            'snap', 'before upgrade')
        self.assertEqual(
            {'volume_id': volume['id'], 'status': 'available', 'size': 1,
             'name': 'snap', 'description': 'before upgrade',
             'project_id': 'p1'},
            {k: v for k, v in snapshot.items()
             if k not in ('id', 'created_at')})
        self.assertEqual(DATA, self.read(self.snapshot_path(snapshot)))
        self.assertEqual(snapshot, self.api.get_snapshot(self.context,
                                                         snapshot['id']))
        self.assertEqual([snapshot], self.api.get_all_snapshots(
            self.context))
        copy = self.api.create(self.context, 2, snapshot=snapshot)
        self.assertEqual(('available', snapshot['id']),
                         (copy['status'], copy['snapshot_id']))
        self.assertEqual(DATA, self.read(self.path(copy)))
        self.assertEqual(2 * test_local.GIB, os.path.getsize(
            self.path(copy)))

    @test_local.needs_qemu_img
    def test_a_qcow2_volumes_snapshot_is_qcow2(self):
        volume = self.api.create(self.context, 1, volume_type='qcow2')
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            None, None)
        self.assertEqual('qcow2', test_local.disk_format(
            self.snapshot_path(snapshot)))

    @test_local.needs_qemu_img
    def test_an_attached_volume_needs_force(self):
        volume = self.volume_with_data()
        self.attach(volume)
        e = self.assertRaises(exception.VolumeNotAvailable,
                              self.api.create_snapshot, self.context,
                              volume['id'], 'snap', None)
        self.assertIn('is in-use: a snapshot without force needs it '
                      'available', e.format_message())
        snapshot = self.api.create_snapshot_force(self.context,
                                                  volume['id'], 'snap', None)
        self.assertEqual('available', snapshot['status'])
        self.assertEqual(DATA, self.read(self.snapshot_path(snapshot)))

    def test_refusals(self):
        volume = self.api.create(self.context, 1)
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            None, None)
        e = self.assertRaises(exception.VolumeHasSnapshots, self.api.delete,
                              self.context, volume['id'])
        self.assertIn('still has 1 dependent snapshot(s)',
                      e.format_message())
        self.assertRaises(exception.SnapshotNotFound, self.api.get_snapshot,
                          self.other, snapshot['id'])
        self.assertRaises(exception.SnapshotNotFound,
                          self.api.delete_snapshot, self.other,
                          snapshot['id'])
        self.assertRaises(exception.SnapshotNotFound, self.api.create,
                          self.other, 1, snapshot=snapshot)
        self.assertEqual([], self.api.get_all_snapshots(self.other))
        self.assertRaises(exception.VolumeNotFound, self.api.create_snapshot,
                          self.other, volume['id'], None, None)

    def test_a_snapshot_larger_than_the_volume_is_refused(self):
        volume = self.api.create(self.context, 2)
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            None, None)
        e = self.assertRaises(exception.InvalidVolume, self.api.create,
                              self.context, 1, snapshot=snapshot)
        self.assertIn('smaller than the 2 GB of snapshot', e.format_message())

    def test_delete_removes_the_file_then_the_volume_may_go(self):
        volume = self.api.create(self.context, 1)
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            None, None)
        self.api.delete_snapshot(self.context, snapshot['id'])
        self.assertFalse(os.path.exists(self.snapshot_path(snapshot)))
        self.assertRaises(exception.SnapshotNotFound, self.api.get_snapshot,
                          self.context, snapshot['id'])
        self.api.delete(self.context, volume['id'])

    def test_a_volume_in_error_has_no_snapshot(self):
        volume = self.api.create(self.context, 1)
        os.unlink(self.path(volume))
        snapshot = self.api.create_snapshot(self.context, volume['id'],
                                            None, None)
        self.assertEqual('error', snapshot['status'])
        self.assertFalse(os.path.exists(self.snapshot_path(snapshot)))
        self.api.delete_snapshot(self.context, snapshot['id'])
