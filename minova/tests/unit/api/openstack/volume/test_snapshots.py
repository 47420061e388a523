"""``/snapshots``: Cinder's v3 format, and its rule for snapshots of an
in-use volume (force before 3.66, none from 3.66)."""

from oslo_utils import uuidutils

from minova.tests.unit.api.openstack.volume import base
from minova.volume import api as volume_api


class TestSnapshots(base.VolumeAPITestCase):

    def create_snapshot(self, volume_id, version='3.71', **fields):
        fields['volume_id'] = volume_id
        return self.vrequest('/snapshots', 'POST', {'snapshot': fields},
                             version=version)

    def attach(self, volume_id):
        """The volume in-use, as a compute's attach leaves it."""
        backend = volume_api.load(self.conf)
        attachment = backend.attachment_create(
            self.admin_context, volume_id, uuidutils.generate_uuid(),
            connector={'host': 'host1'}, mountpoint='/dev/vdb')
        backend.attachment_complete(self.admin_context, attachment['id'])
        self.assertEqual('in-use', backend.get(self.admin_context,
                                               volume_id)['status'])

    def test_create_list_show_delete(self):
        volume_id = self.create_volume(size=2)['id']
        resp = self.create_snapshot(volume_id, name='s', description='d')
        self.assertEqual(202, resp.status_int, resp.text)
        snap = resp.json['snapshot']
        self.assertEqual(
            ('s', 'd', volume_id, 'available', 2, {}, True, 'demo'),
            tuple(snap[k] for k in (
                'name', 'description', 'volume_id', 'status', 'size',
                'metadata', 'consumes_quota',
                'os-extended-snapshot-attributes:project_id')))
        for path in ('/snapshots', '/snapshots/detail',
                     '/snapshots?volume_id=%s' % volume_id):
            self.assertEqual([snap['id']], [s['id'] for s in self.vrequest(
                path).json['snapshots']])
        self.assertEqual([], self.vrequest(
            '/snapshots?name=other').json['snapshots'])
        self.assertEqual(snap['id'], self.vrequest(
            '/snapshots/%s' % snap['id']).json['snapshot']['id'])
        self.assertEqual(202, self.vrequest('/snapshots/%s' % snap['id'],
                                            'DELETE').status_int)
        self.assertFault(self.vrequest('/snapshots/%s' % snap['id']), 404,
                         snap['id'])

    def test_in_use_volume_needs_force_before_3_66(self):
        volume_id = self.create_volume()['id']
        self.attach(volume_id)
        self.assertFault(self.create_snapshot(volume_id, version='3.65'),
                         400, 'in-use', 'force')
        self.assertEqual(202, self.create_snapshot(
            volume_id, version='3.65', force=True).status_int)
        self.assertEqual(202, self.create_snapshot(volume_id).status_int)
        self.assertFault(self.create_snapshot(volume_id, force=False), 400,
                         'force', '3.66')

    def test_bad_input_is_400_naming_it(self):
        volume_id = self.create_volume()['id']
        self.assertFault(self.create_snapshot('nope'), 400, 'volume_id')
        self.assertFault(self.create_snapshot(volume_id, metadata={'a': 'b'}),
                         400, 'metadata')
        self.assertFault(self.create_snapshot(volume_id, colour='red'), 400,
                         'colour')
        missing = '00000000-0000-0000-0000-000000000000'
        self.assertFault(self.create_snapshot(missing), 404, missing)
