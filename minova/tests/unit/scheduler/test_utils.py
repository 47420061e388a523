"""setup_instance_group and hint_hosts on a real database."""

from oslo_utils import uuidutils
import testtools

from minova import context
from minova.db import instances as db_instances
from minova.db import session
from minova import exception
from minova.objects import instance_group
from minova.scheduler import utils
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


def _server(host=None):
    uuid = uuidutils.generate_uuid()
    with session.writer() as s:
        db_instances.create(s, {'uuid': uuid, 'host': host,
                                'project_id': 'p1'})
    return uuid


class TestSetupInstanceGroup(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u', project_id='p1')

    def _spec(self, policy='anti-affinity', members=()):
        group = instance_group.InstanceGroup(
            uuid=uuidutils.generate_uuid(), name='g', policy=policy,
            rules={'max_server_per_host': 2}, project_id='p1', user_id='u',
            members=list(members))
        group.create()
        # As the API puts it in the spec: no members, no hosts.
        spec_group = instance_group.InstanceGroup(
            uuid=group.uuid, id=group.id, policy=policy, members=[],
            hosts=[])
        return fakes.request_spec_obj(instance_group=spec_group)

    def test_fills_members_and_their_hosts(self):
        placed = [_server('h1'), _server('h1'), _server('h2')]
        new = _server()
        spec = self._spec(members=placed + [new])
        spec.instance_uuid = new
        utils.setup_instance_group(self.conf, self.context, spec)
        group = spec.instance_group
        self.assertEqual(placed + [new], group.members)
        self.assertEqual(['h1', 'h1', 'h2'], group.hosts)
        self.assertEqual({'max_server_per_host': 2}, group.rules)
        self.assertEqual('anti-affinity', group.policy)

    def test_leaves_out_the_instance_being_scheduled(self):
        moving = _server('h3')
        spec = self._spec(members=[moving, _server('h1')])
        spec.instance_uuid = moving
        utils.setup_instance_group(self.conf, self.context, spec)
        self.assertEqual(['h1'], spec.instance_group.hosts)

    def test_no_group_nothing_to_do(self):
        spec = fakes.request_spec_obj()
        utils.setup_instance_group(self.conf, self.context, spec)
        self.assertFalse(spec.obj_attr_is_set('instance_group'))
        spec.instance_group = None
        utils.setup_instance_group(self.conf, self.context, spec)
        self.assertIsNone(spec.instance_group)

    def test_deleted_group(self):
        spec = self._spec()
        instance_group.InstanceGroup.get_by_uuid(
            self.context, spec.instance_group.uuid).destroy()
        self.assertRaises(exception.InstanceGroupNotFound,
                          utils.setup_instance_group, self.conf,
                          self.context, spec)

    def test_policy_whose_plugin_is_not_enabled(self):
        cases = (('affinity', 'enabled_filters', 'ServerGroupAffinityFilter'),
                 ('anti-affinity', 'enabled_filters',
                  'ServerGroupAntiAffinityFilter'),
                 ('soft-affinity', 'weight_classes',
                  'ServerGroupSoftAffinityWeigher'),
                 ('soft-anti-affinity', 'weight_classes',
                  'ServerGroupSoftAntiAffinityWeigher'))
        for policy, option, plugin in cases:
            spec = self._spec(policy)
            utils.setup_instance_group(self.conf, self.context, spec)
            self.conf.set_override(option, ['RamFilter'],
                                   group='filter_scheduler')
            e = self.assertRaises(exception.UnsupportedPolicyException,
                                  utils.setup_instance_group, self.conf,
                                  self.context, spec)
            self.assertEqual('ServerGroup policy is not supported: %s not '
                             'configured in [filter_scheduler] %s'
                             % (plugin, option), str(e))
            self.conf.clear_override(option, group='filter_scheduler')


class TestHintHosts(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_hosts_of_the_live_placed_servers(self):
        uuids = [_server('h1'), _server('h1'), _server('h2'), _server()]
        spec = fakes.request_spec_obj(scheduler_hints={
            'same_host': uuids, 'different_host': uuids[2:3]})
        self.assertEqual(frozenset(['h1', 'h2']),
                         utils.hint_hosts(spec, 'same_host'))
        self.assertEqual(frozenset(['h2']),
                         utils.hint_hosts(spec, 'different_host'))
        self.assertEqual(frozenset(), utils.hint_hosts(spec, 'other'))
        self.assertEqual(frozenset(), utils.hint_hosts(
            fakes.request_spec_obj(), 'same_host'))
