"""Server groups in the database: members are the live instances, a
deleted group is gone, paging and counts."""

from oslo_utils import uuidutils
import testtools

from minova.db import instance_groups as db
from minova.db import instances as db_instances
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures


def _group(s, project_id='p1', policy='anti-affinity', members=(), **kw):
    values = dict(uuid=uuidutils.generate_uuid(), name='g',
                  user_id='u1', project_id=project_id, policy=policy,
                  rules='{}')
    values.update(kw)
    return db.create(s, values, members)


def _instance(s, host=None, user_id='u1', deleted=False):
    uuid = uuidutils.generate_uuid()
    values = db_instances.create(s, {'uuid': uuid, 'host': host,
                                     'user_id': user_id,
                                     'project_id': 'p1'})
    if deleted:
        db_instances.soft_delete(s, uuid, {'vm_state': 'deleted'})
    return values['uuid']


class TestInstanceGroups(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_create_and_get(self):
        with session.writer() as s:
            row = _group(s, name='web', rules='{"max_server_per_host": 2}')
        with session.reader() as s:
            got = db.get_by_uuid(s, row.uuid)
            self.assertEqual(('web', 'anti-affinity', 'p1', 'u1',
                              '{"max_server_per_host": 2}', 0),
                             (got.name, got.policy, got.project_id,
                              got.user_id, got.rules, got.deleted))
            self.assertIsNotNone(got.created_at)

    def test_unknown_uuid_is_not_found(self):
        uuid = uuidutils.generate_uuid()
        with session.reader() as s:
            e = self.assertRaises(exception.InstanceGroupNotFound,
                                  db.get_by_uuid, s, uuid)
        self.assertIn(uuid, str(e))
        self.assertEqual(404, e.code)

    def test_members_are_live_instances_in_join_order(self):
        with session.writer() as s:
            a = _instance(s, host='h1')
            gone = _instance(s, host='h2', deleted=True)
            b = _instance(s)
            group = _group(s, members=[a, gone])
            db.add_members(s, group.id, [b])
            other = _group(s)
        with session.reader() as s:
            self.assertEqual({group.id: [a, b], other.id: []},
                             db.get_members(s, [group.id, other.id]))
            self.assertEqual({}, db.get_members(s, []))

    def test_hosts_one_per_placed_live_member(self):
        with session.writer() as s:
            uuids = [_instance(s, host='h1'), _instance(s, host='h1'),
                     _instance(s, host='h2'), _instance(s),
                     _instance(s, host='h3', deleted=True)]
            group = _group(s, members=uuids)
        with session.reader() as s:
            self.assertEqual(['h1', 'h1', 'h2'], db.get_hosts(s, group.id))
            self.assertEqual(['h1', 'h2'],
                             db.get_hosts(s, group.id, exclude=uuids[:1]))

    def test_count_members_by_user(self):
        with session.writer() as s:
            uuids = [_instance(s, user_id='u1'), _instance(s, user_id='u1'),
                     _instance(s, user_id='u2'),
                     _instance(s, user_id='u1', deleted=True)]
            group = _group(s, members=uuids)
        with session.reader() as s:
            self.assertEqual(2, db.count_members_by_user(s, group.id, 'u1'))
            self.assertEqual(1, db.count_members_by_user(s, group.id, 'u2'))

    def test_destroy_soft_deletes_and_forgets_members(self):
        with session.writer() as s:
            member = _instance(s, host='h1')
            group = _group(s, members=[member])
            _group(s)
        with session.writer() as s:
            db.destroy(s, group.uuid)
        with session.reader() as s:
            self.assertRaises(exception.InstanceGroupNotFound,
                              db.get_by_uuid, s, group.uuid)
            self.assertEqual({group.id: []}, db.get_members(s, [group.id]))
            self.assertEqual(1, db.count_by_project(s, 'p1'))
        with session.writer() as s:
            self.assertRaises(exception.InstanceGroupNotFound,
                              db.destroy, s, group.uuid)

    def test_get_all_pages_by_project(self):
        with session.writer() as s:
            rows = [_group(s, name=str(i)) for i in range(4)]
            theirs = _group(s, project_id='p2')
        with session.reader() as s:
            self.assertEqual([r.uuid for r in rows],
                             [r.uuid for r in db.get_all(s, 'p1')])
            self.assertEqual([r.uuid for r in rows[1:3]],
                             [r.uuid for r in db.get_all(s, 'p1', limit=2,
                                                         offset=1)])
            self.assertEqual([r.uuid for r in rows] + [theirs.uuid],
                             [r.uuid for r in db.get_all(s)])
            self.assertEqual(4, db.count_by_project(s, 'p1'))
            self.assertEqual(1, db.count_by_project(s, 'p2'))
