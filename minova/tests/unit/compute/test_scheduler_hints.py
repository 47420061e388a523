"""The scheduler hints of a boot: the group and the servers they name must
exist and be the caller's; the group gets the new servers as members, with
the server_group_members quota."""

from oslo_serialization import jsonutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from minova import context
from minova.db import models
from minova.db import session
from minova import exception
from minova.objects import instance_group
from minova.objects import request_spec
from minova.tests.unit.compute import test_api


def _group(project_id='p1', policy='anti-affinity'):
    group = instance_group.InstanceGroup(
        uuid=uuidutils.generate_uuid(), name='g', policy=policy,
        rules={'max_server_per_host': 2}, project_id=project_id,
        user_id='u', members=[])
    group.create()
    return group


def _stored_spec(instance_uuid):
    with session.reader() as s:
        text = s.scalars(sa.select(models.RequestSpec.spec).where(
            models.RequestSpec.instance_uuid == instance_uuid)).one()
    return request_spec.RequestSpec.obj_from_primitive(jsonutils.loads(text))


class TestSchedulerHints(test_api.ComputeAPITestCase):

    def test_group_hint_makes_members_and_goes_in_the_spec(self):
        group = _group()
        instances = self._boot(min_count=2, max_count=2,
                               scheduler_hints={'group': group.uuid})
        got = instance_group.InstanceGroup.get_by_uuid(self.context,
                                                       group.uuid)
        self.assertEqual([i.uuid for i in instances], got.members)
        spec = _stored_spec(instances[0].uuid)
        self.assertEqual([group.uuid], spec.scheduler_hints['group'])
        self.assertEqual(
            (group.uuid, 'anti-affinity', {'max_server_per_host': 2}, [],
             []),
            (spec.instance_group.uuid, spec.instance_group.policy,
             spec.instance_group.rules, spec.instance_group.members,
             spec.instance_group.hosts))

    def test_no_group_hint_no_group(self):
        [instance] = self._boot()
        self.assertIsNone(_stored_spec(instance.uuid).instance_group)

    def test_unknown_or_other_projects_group_is_refused(self):
        for uuid in (uuidutils.generate_uuid(), _group('p2').uuid):
            e = self.assertRaises(exception.InvalidSchedulerHint, self._boot,
                                  scheduler_hints={'group': uuid})
            self.assertEqual(400, e.code)
            self.assertIn('field/attribute group', str(e))
            self.assertIn('Instance group %s could not be found' % uuid,
                          str(e))
        self.assertEqual(0, self._count_instances())

    def test_server_hints_are_lists_of_known_servers(self):
        [a] = self._boot()
        [b] = self._boot()
        [instance] = self._boot(scheduler_hints={
            'same_host': a.uuid, 'different_host': [a.uuid, b.uuid],
            'other': 7})
        self.assertEqual({'same_host': [a.uuid],
                          'different_host': [a.uuid, b.uuid],
                          'other': ['7']},
                         _stored_spec(instance.uuid).scheduler_hints)

    def test_unknown_deleted_or_other_projects_servers_are_refused(self):
        [mine] = self._boot()
        [gone] = self._boot()
        self.api.delete(self.context, gone)
        [theirs] = self._boot(context=context.RequestContext(
            user_id='u2', project_id='p2'))
        before = self._count_instances()
        for hint in ('same_host', 'different_host'):
            for bad in (uuidutils.generate_uuid(), gone.uuid, theirs.uuid):
                e = self.assertRaises(exception.InvalidSchedulerHint,
                                      self._boot,
                                      scheduler_hints={hint: [mine.uuid,
                                                              bad]})
                self.assertIn('field/attribute %s' % hint, str(e))
                self.assertIn('Server %s could not be found' % bad, str(e))
        self.assertEqual(before, self._count_instances())
        # An admin may name any project's server.
        self._boot(context=self.context.elevated(),
                   scheduler_hints={'same_host': theirs.uuid})

    def test_server_group_members_quota(self):
        self.conf.set_override('server_group_members', 3, group='quota')
        group = _group()
        self._boot(min_count=2, max_count=2,
                   scheduler_hints={'group': group.uuid})
        e = self.assertRaises(exception.ServerGroupMemberLimitExceeded,
                              self._boot, min_count=2, max_count=2,
                              scheduler_hints={'group': group.uuid})
        self.assertEqual(403, e.code)
        self.assertEqual('Quota exceeded, too many servers in group', str(e))
        self.assertEqual(2, len(instance_group.InstanceGroup.get_by_uuid(
            self.context, group.uuid).members))
        # Another user of the project has a count of their own.
        self._boot(min_count=2, max_count=2,
                   scheduler_hints={'group': group.uuid},
                   context=context.RequestContext(user_id='u2',
                                                  project_id='p1'))

    def _count_instances(self):
        with session.reader() as s:
            return s.scalar(sa.select(sa.func.count(models.Instance.id)))
