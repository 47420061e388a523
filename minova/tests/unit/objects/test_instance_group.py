"""InstanceGroup and InstanceGroupList on a real database, and
RequestSpec.instance_group over the wire."""

from oslo_utils import uuidutils
import testtools

from minova import context
from minova import exception
from minova import flavors
from minova.objects import base
from minova.objects import instance as instance_obj
from minova.objects import instance_group
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class InstanceGroupTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u1',
                                              project_id='p1')
        self.flavor = flavors.bootstrap_flavors()[0]

    def _instance(self, host=None):
        instance = instance_obj.Instance(
            self.context, uuid=uuidutils.generate_uuid(), project_id='p1',
            user_id='u1', flavor=self.flavor, host=host, metadata={})
        instance.create()
        return instance

    def _group(self, project_id='p1', policy='anti-affinity', **kwargs):
        group = instance_group.InstanceGroup(
            self.context, uuid=uuidutils.generate_uuid(), name='g',
            user_id='u1', project_id=project_id, policy=policy, **kwargs)
        group.create()
        return group

    def test_create_then_get(self):
        member = self._instance()
        group = self._group(rules={'max_server_per_host': 2},
                            members=[member.uuid])
        self.assertIsInstance(group.id, int)
        self.assertFalse(group.obj_what_changed())
        got = instance_group.InstanceGroup.get_by_uuid(self.context,
                                                       group.uuid)
        self.assertEqual(
            ('g', 'anti-affinity', {'max_server_per_host': 2},
             [member.uuid], [], 'p1', 'u1', False),
            (got.name, got.policy, got.rules, got.members, got.hosts,
             got.project_id, got.user_id, got.deleted))

    def test_rules_default_to_none(self):
        group = self._group()
        self.assertEqual({}, instance_group.InstanceGroup.get_by_uuid(
            self.context, group.uuid).rules)

    def test_another_projects_group_is_not_found_but_for_admins(self):
        group = self._group(project_id='p2')
        self.assertRaises(exception.InstanceGroupNotFound,
                          instance_group.InstanceGroup.get_by_uuid,
                          self.context, group.uuid)
        self.assertEqual(group.uuid, instance_group.InstanceGroup.get_by_uuid(
            context.get_admin_context(), group.uuid).uuid)

    def test_add_members_and_get_hosts(self):
        group = self._group()
        on_a, on_a_too, unplaced = (self._instance('a'), self._instance('a'),
                                    self._instance())
        instance_group.InstanceGroup.add_members(
            self.context, group.id, [on_a.uuid, on_a_too.uuid,
                                     unplaced.uuid])
        got = instance_group.InstanceGroup.get_by_uuid(self.context,
                                                       group.uuid)
        self.assertEqual([on_a.uuid, on_a_too.uuid, unplaced.uuid],
                         got.members)
        self.assertEqual(['a', 'a'], got.get_hosts())
        self.assertEqual(['a'], got.get_hosts(exclude=[on_a.uuid]))
        self.assertEqual(3, got.count_members_by_user('u1'))
        on_a.destroy()
        self.assertEqual(['a'], got.get_hosts())

    def test_destroy(self):
        group = self._group()
        group.destroy()
        self.assertTrue(group.deleted)
        self.assertRaises(exception.InstanceGroupNotFound,
                          instance_group.InstanceGroup.get_by_uuid,
                          self.context, group.uuid)

    def test_list_all_or_by_project_with_paging(self):
        mine = [self._group() for _ in range(3)]
        theirs = self._group(project_id='p2')
        member = self._instance()
        instance_group.InstanceGroup.add_members(self.context, mine[1].id,
                                                 [member.uuid])
        listed = instance_group.InstanceGroupList.get_by_project_id(
            self.context, 'p1', limit=2, offset=1)
        self.assertEqual([mine[1].uuid, mine[2].uuid],
                         [g.uuid for g in listed])
        self.assertEqual([[member.uuid], []], [g.members for g in listed])
        self.assertEqual(
            [g.uuid for g in mine + [theirs]],
            [g.uuid for g in instance_group.InstanceGroupList.get_all(
                self.context)])
        self.assertEqual(3, instance_group.InstanceGroupList.count_by_project(
            self.context, 'p1'))


class TestRequestSpecInstanceGroup(testtools.TestCase):

    def _spec(self):
        group = instance_group.InstanceGroup(
            uuid=uuidutils.generate_uuid(), name='g', policy='affinity',
            rules={}, members=['m1'], hosts=['h1', 'h1'])
        return fakes.request_spec_obj(instance_group=group)

    def test_round_trip(self):
        serializer = base.ObjectSerializer()
        spec = serializer.deserialize_entity(
            None, serializer.serialize_entity(None, self._spec()))
        self.assertEqual(('affinity', ['m1'], ['h1', 'h1']),
                         (spec.instance_group.policy,
                          spec.instance_group.members,
                          spec.instance_group.hosts))

    def test_older_receiver_gets_no_group(self):
        primitive = self._spec().obj_to_primitive(target_version='1.0')
        self.assertNotIn('instance_group', primitive['minova_object.data'])
        self.assertEqual('1.0', primitive['minova_object.version'])
