"""SameHostFilter, over servers written to a real database."""

from unittest import mock

from oslo_utils import uuidutils
import testtools

from minova.db import instances as db_instances
from minova.db import session
from minova.scheduler.filters import same_host_filter
from minova.scheduler import utils
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


def create_server(host, deleted=False):
    uuid = uuidutils.generate_uuid()
    with session.writer() as s:
        db_instances.create(s, {'uuid': uuid, 'host': host})
        if deleted:
            db_instances.soft_delete(s, uuid, {'vm_state': 'deleted'})
    return uuid


class HostHintTestCase(testtools.TestCase):
    """Servers on a and c, one not placed, and three hosts a, b, c."""

    filter_class = None
    hint = None

    def setUp(self):
        super().setUp()
        if self.filter_class is None:
            self.skipTest('a base class')
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.filt = self.filter_class(conf)
        self.hosts = [fakes.host_state(name) for name in ('a', 'b', 'c')]
        self.on_a, self.on_c = create_server('a'), create_server('c')
        self.unplaced = create_server(None)

    def spec(self, *uuids):
        return fakes.request_spec_obj(
            scheduler_hints={self.hint: list(uuids)} if uuids else {})

    def passing(self, spec):
        """The hosts that pass, asked per host and all at once."""
        return [h.host for h in fakes.filter_hosts(self.filt, self.hosts,
                                                   spec)]

    def test_runs_once_per_request(self):
        self.assertTrue(self.filt.run_filter_for_index(0))
        self.assertFalse(self.filt.run_filter_for_index(1))

    def test_reads_the_database_once_per_request(self):
        spec = self.spec(self.on_a)
        with mock.patch.object(utils.instance_obj.InstanceList,
                               'get_by_filters',
                               wraps=utils.instance_obj.InstanceList.
                               get_by_filters) as get:
            self.passing(spec)
            self.passing(spec)
        self.assertEqual(1, get.call_count)


class TestSameHostFilter(HostHintTestCase):
    filter_class = same_host_filter.SameHostFilter
    hint = 'same_host'

    def test_hosts_running_one_of_the_servers(self):
        self.assertEqual(['a'], self.passing(self.spec(self.on_a)))
        self.assertEqual(['a', 'c'],
                         self.passing(self.spec(self.on_a, self.on_c)))

    def test_no_hint_passes_all(self):
        self.assertEqual(['a', 'b', 'c'], self.passing(self.spec()))

    def test_unplaced_or_deleted_servers_are_on_no_host(self):
        self.assertEqual([], self.passing(self.spec(self.unplaced)))
        self.assertEqual([], self.passing(self.spec(create_server(
            'b', deleted=True))))
        self.assertEqual(
            'the servers of the same_host hint are on no host yet',
            self.filt.rejection_reason(self.hosts, self.spec(self.unplaced)))

    def test_rejection_reason_names_no_host(self):
        spec = self.spec(self.on_a)
        reason = self.filt.rejection_reason(self.hosts[1:], spec)
        self.assertEqual('the hosts of the servers of the same_host hint '
                         'are not among the 2 hosts left', reason)
