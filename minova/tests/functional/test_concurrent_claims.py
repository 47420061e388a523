"""Race-free claims: 200 concurrent boots onto hosts with room for exactly
150 instances give exactly 150 ACTIVE servers and 50 in ERROR with a
NoValidHost fault, and no compute node over-committed.

The room is exact by construction: every fake compute reports
:data:`HOST_MEMORY_MB` of RAM; under the default ``ram_allocation_ratio``
(1.5) and ``reserved_host_memory_mb`` (512) that leaves 17408 * 1.5 - 512 =
25600 MB, fifty instances of a 512 MB flavor, while vCPUs (64 * 16) and
disk (2048 GB) would take far more. The same scenario runs with two
scheduler processes over RabbitMQ in
minova/tests/integration/test_concurrent_claims.py.
"""

import collections
from concurrent import futures
import time

import testtools

from minova.db import models
from minova.db import session
from minova.tests.functional import fixtures as func_fixtures

HOSTS = ('host1', 'host2', 'host3')
PER_HOST = 50
REQUESTS = 200
FLAVOR_MB = 512
HOST_MEMORY_MB = 17408
RAM_RATIO = 1.5
RESERVED_MB = 512
# The RAM each node can give under its allocation ratio.
CAPACITY_MB = HOST_MEMORY_MB * RAM_RATIO - RESERVED_MB
assert CAPACITY_MB == PER_HOST * FLAVOR_MB
# Requests in flight at once (each answers 202 at once; the builds then
# race through the conductor and the scheduler).
CLIENTS = 25
# How long all the builds may take to settle.
SETTLE_TIMEOUT = 90


class ConcurrentBootsMixin:
    """The scenario and its checks, for any cloud reached through
    ``request(method, path, body=None) -> (status, body)``."""

    def boot_concurrently(self, request, flavor_id, image_id):
        """POST :data:`REQUESTS` servers from :data:`CLIENTS` threads;
        their ids."""
        def boot(index):
            status, body = request('POST', '/servers', {'server': {
                'name': 'race-%03d' % index, 'flavorRef': flavor_id,
                'imageRef': image_id}})
            self.assertEqual(202, status, body)
            return body['server']['id']
        with futures.ThreadPoolExecutor(CLIENTS) as pool:
            return list(pool.map(boot, range(REQUESTS)))

    def wait_until_settled(self, request, server_ids):
        """All the servers once none is building: ``{id: server}``."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while True:
            status, body = request('GET', '/servers/detail?limit=1000')
            self.assertEqual(200, status, body)
            servers = {s['id']: s for s in body['servers']}
            self.assertEqual(set(server_ids), set(servers))
            building = [s for s in servers.values()
                        if s['status'] not in ('ACTIVE', 'ERROR')]
            if not building:
                return servers
            if time.monotonic() > deadline:
                self.fail('%d servers still building after %d s, e.g. %r' % (
                    len(building), SETTLE_TIMEOUT, building[0]))
            time.sleep(0.5)

    def assertExactlyFilled(self, servers, nodes, allocations, hypervisors):
        """``servers`` as from :meth:`wait_until_settled`; ``nodes`` the
        compute_nodes rows and ``allocations`` the allocations rows, as
        dicts of their columns; ``hypervisors`` GET /os-hypervisors/detail.
        """
        by_status = collections.defaultdict(list)
        for server in servers.values():
            by_status[server['status']].append(server)
        self.assertEqual({'ACTIVE': PER_HOST * len(HOSTS),
                          'ERROR': REQUESTS - PER_HOST * len(HOSTS)},
                         {k: len(v) for k, v in by_status.items()})
        for server in by_status['ERROR']:
            self.assertTrue(server['fault']['message'].startswith(
                'No valid host was found'), server['fault'])
        # Every host is full, and none holds more than it has room for.
        active_on = collections.Counter(
            s['OS-EXT-SRV-ATTR:host'] for s in by_status['ACTIVE'])
        self.assertEqual({host: PER_HOST for host in HOSTS}, active_on)

        # The database: each node's claims are its ACTIVE servers', their
        # sum is what the node shows used, and it is within its room.
        self.assertEqual(sorted(HOSTS), sorted(n['host'] for n in nodes))
        held = collections.defaultdict(lambda: collections.defaultdict(int))
        consumers = collections.defaultdict(set)
        for row in allocations:
            held[row['compute_node_id']][row['resource_class']] += row['used']
            consumers[row['compute_node_id']].add(row['consumer_id'])
        for node in nodes:
            on_node = {s['id'] for s in by_status['ACTIVE']
                       if s['OS-EXT-SRV-ATTR:host'] == node['host']}
            self.assertEqual(on_node, consumers[node['id']], node['host'])
            self.assertEqual(
                {'VCPU': node['vcpus_used'],
                 'MEMORY_MB': node['memory_mb_used'],
                 'DISK_GB': node['local_gb_used']},
                dict(held[node['id']]), node['host'])
            room = (node['memory_mb'] * node['ram_allocation_ratio']
                    - node['reserved_host_memory_mb'])
            self.assertEqual(CAPACITY_MB, room, node['host'])
            self.assertLessEqual(node['memory_mb_used'], room, node['host'])
            self.assertLessEqual(
                node['vcpus_used'], node['vcpus'] * node['cpu_allocation_ratio'])
            self.assertLessEqual(
                node['local_gb_used'],
                node['local_gb'] * node['disk_allocation_ratio'])
        # The API shows the same.
        shown = {h['service']['host']: h for h in hypervisors}
        self.assertEqual(sorted(HOSTS), sorted(shown))
        for host, hypervisor in shown.items():
            self.assertEqual(PER_HOST * FLAVOR_MB,
                             hypervisor['memory_mb_used'], host)
            self.assertLessEqual(
                hypervisor['memory_mb_used'],
                hypervisor['memory_mb'] * RAM_RATIO - RESERVED_MB, host)


def _rows(model):
    table = model.__table__
    with session.reader() as s:
        return [dict(row._mapping) for row in s.execute(table.select().where(
            table.c.deleted == 0) if 'deleted' in table.c else table.select())]


class TestConcurrentClaims(ConcurrentBootsMixin, testtools.TestCase):

    def test_200_boots_onto_room_for_150(self):
        cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=HOSTS, config=(
                '[fake_driver]\nmemory_mb = %d\n'
                '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
                % HOST_MEMORY_MB)))
        flavor = cloud.create_flavor('race', FLAVOR_MB, vcpus=1, disk=1)

        def request(method, path, body=None):
            resp = cloud.api.request(method, path, body=body)
            return resp.status, resp.body

        ids = self.boot_concurrently(request, flavor.flavorid,
                                     cloud.image_id)
        servers = self.wait_until_settled(request, ids)
        status, body = request('GET', '/os-hypervisors/detail')
        self.assertEqual(200, status, body)
        self.assertExactlyFilled(servers, _rows(models.ComputeNode),
                                 _rows(models.Allocation),
                                 body['hypervisors'])
