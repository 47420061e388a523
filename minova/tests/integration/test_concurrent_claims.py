"""Race-free claims with two scheduler processes over RabbitMQ: 200
concurrent boots onto three computes with room for exactly 150 instances
give exactly 150 ACTIVE servers, 50 in ERROR with a NoValidHost fault, and
no compute node over-committed in PostgreSQL or in /os-hypervisors.

The scenario and its checks are those of the functional test
(minova/tests/functional/test_concurrent_claims.py); here every service is
its own process and the two schedulers take requests from one queue, so
their claims race in the database.
"""

import testtools

from minova.tests.functional import test_concurrent_claims as scenario
from minova.tests.integration import fixtures as cloud_fixtures

_NODE_COLUMNS = (
    ('id', int), ('host', str), ('vcpus', int), ('memory_mb', int),
    ('local_gb', int), ('vcpus_used', int), ('memory_mb_used', int),
    ('local_gb_used', int), ('cpu_allocation_ratio', float),
    ('ram_allocation_ratio', float), ('disk_allocation_ratio', float),
    ('reserved_host_memory_mb', int))
_ALLOCATION_COLUMNS = (('compute_node_id', int), ('consumer_id', str),
                       ('resource_class', str), ('used', int))


class DistributedBootsMixin(scenario.ConcurrentBootsMixin):
    """The scenario on a :class:`~.fixtures.DistributedCloud` made with
    ``cloud_options``, for any split of the controller into processes."""

    def start_cloud(self, **cloud_options):
        self.cloud = self.useFixture(cloud_fixtures.DistributedCloud(
            compute_hosts=scenario.HOSTS,
            config='[fake_driver]\nmemory_mb = %d\n'
                   '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
                   % scenario.HOST_MEMORY_MB,
            # Their debug lines tell which scheduler claimed what.
            scheduler_config='[DEFAULT]\ndebug = true\n', **cloud_options))
        self.image_id = self.cloud.register_image()
        status, body = self.request('POST', '/flavors', {'flavor': {
            'name': 'race', 'ram': scenario.FLAVOR_MB, 'vcpus': 1,
            'disk': 1}})
        self.assertEqual(200, status, body)
        self.flavor_id = body['flavor']['id']
        # Every compute has reported its node, so all the room is there.
        reported = cloud_fixtures.wait_until(
            lambda: len(self._select('compute_nodes', (('host', str),)))
            == len(scenario.HOSTS), 30)
        self.assertTrue(reported, 'not every compute reported its node')

    def request(self, method, path, body=None):
        return self.cloud.api_request('/v2.1' + path, method=method,
                                      body=body)

    def _select(self, table, columns, where=''):
        rows = self.cloud.database.query('SELECT %s FROM %s %s' % (
            ', '.join(name for name, _ in columns), table, where))
        return [{name: cast(value) for (name, cast), value in
                 zip(columns, row)} for row in rows]

    def claim_lines(self, name):
        """The scheduler ``name``'s log lines of its claims."""
        return [line for line in self.cloud.services[name].log(
            lines=100000).splitlines() if 'Claimed ' in line]

    def boot_onto_room_for_150(self):
        """200 concurrent boots: exactly 150 claimed, in the database and
        in the API."""
        ids = self.boot_concurrently(self.request, self.flavor_id,
                                     self.image_id)
        servers = self.wait_until_settled(self.request, ids)
        status, body = self.request('GET', '/os-hypervisors/detail')
        self.assertEqual(200, status, body)
        self.assertExactlyFilled(
            servers,
            self._select('compute_nodes', _NODE_COLUMNS, 'WHERE deleted = 0'),
            self._select('allocations', _ALLOCATION_COLUMNS),
            body['hypervisors'])


class TestTwoSchedulers(DistributedBootsMixin, testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.start_cloud(schedulers=2)

    def test_200_boots_onto_room_for_150(self):
        consumers = self.cloud.consumers()
        self.assertEqual(2, consumers.get('scheduler'), consumers)
        self.boot_onto_room_for_150()
        # Both schedulers claimed hosts: the race was between processes.
        claimed = {name: len(self.claim_lines(name))
                   for name in ('scheduler', 'scheduler2')}
        self.assertGreater(min(claimed.values()), 0, claimed)
        # Each read every host in the background too, while it claimed
        # (the computes reported their nodes after the schedulers started).
        for name in claimed:
            self.assertTrue(cloud_fixtures.wait_until(
                lambda: 'in the background' in self.cloud.services[name].log(
                    lines=100000), 30), name)
