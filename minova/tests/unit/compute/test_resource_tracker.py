"""The compute's own claims: what it runs must fit what it reported."""

import testtools

from minova import exception
from minova.compute import resource_tracker
from minova.objects import compute_node
from minova.objects import flavor as flavor_obj
from minova.objects import instance as instance_obj


def _instance(uuid, memory_mb=1024, vcpus=1, root_gb=10, swap=0):
    return instance_obj.Instance(uuid=uuid, flavor=flavor_obj.Flavor(
        memory_mb=memory_mb, vcpus=vcpus, root_gb=root_gb, ephemeral_gb=0,
        swap=swap))


class TestInstanceClaim(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.rt = resource_tracker.ResourceTracker(None, 'h1', None, None)
        self.rt.compute_nodes['h1'] = compute_node.ComputeNode(
            vcpus=8, memory_mb=4096, local_gb=100, cpu_allocation_ratio=1.0,
            ram_allocation_ratio=1.0, disk_allocation_ratio=1.0,
            reserved_host_memory_mb=1024, reserved_host_disk_mb=0)

    def test_claims_add_up_until_the_node_is_full(self):
        for uuid in ('a', 'b', 'c'):
            self.rt.instance_claim(None, _instance(uuid), 'h1')
        e = self.assertRaises(exception.ComputeResourcesUnavailable,
                              self.rt.instance_claim, None, _instance('d'),
                              'h1')
        self.assertIn('MB of RAM', str(e))
        self.rt.drop_claim('a')
        self.rt.instance_claim(None, _instance('d'), 'h1')

    def test_a_failed_block_gives_the_claim_back(self):
        def build():
            with self.rt.instance_claim(None, _instance('a', vcpus=8),
                                        'h1'):
                raise RuntimeError('spawn failed')
        self.assertRaises(RuntimeError, build)
        self.assertEqual({}, self.rt.claims)
        self.rt.instance_claim(None, _instance('b', vcpus=8), 'h1')
        self.assertRaises(exception.ComputeResourcesUnavailable,
                          self.rt.instance_claim, None, _instance('c'), 'h1')

    def test_claiming_again_replaces_the_old_claim(self):
        self.rt.instance_claim(None, _instance('a', memory_mb=3072), 'h1')
        self.rt.instance_claim(None, _instance('a', memory_mb=3072), 'h1')
        self.assertEqual(1, len(self.rt.claims))

    def test_swap_counts_as_disk_in_whole_gb(self):
        claim = self.rt.instance_claim(None, _instance('a', swap=512), 'h1')
        self.assertEqual(11, claim.disk_gb)

    def test_a_node_not_reported_yet_takes_anything(self):
        self.rt.instance_claim(None, _instance('a', vcpus=99), 'other')


class ConductorRecorder:
    """Stands in for the conductor API: records the node reports."""

    def __init__(self, fail=False):
        self.reports = []
        self.fail = fail

    def compute_node_update(self, context, host, nodename, values):
        self.reports.append((host, nodename, values))
        if self.fail:
            raise RuntimeError('conductor unreachable')


class TestFailedBuilds(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conductor = ConductorRecorder()
        self.rt = resource_tracker.ResourceTracker(None, 'h1', None,
                                                   self.conductor)

    def test_failures_in_a_row_are_counted_and_reported(self):
        self.rt.build_failed(None, 'n1')
        self.rt.build_failed(None, 'n1')
        self.assertEqual([('h1', 'n1', {'failed_builds': 1}),
                          ('h1', 'n1', {'failed_builds': 2})],
                         self.conductor.reports)

    def test_a_success_resets_the_count_once(self):
        self.rt.build_failed(None, 'n1')
        self.rt.build_succeeded(None, 'n1')
        self.rt.build_succeeded(None, 'n1')
        self.assertEqual([{'failed_builds': 1}, {'failed_builds': 0}],
                         [values for _, _, values in self.conductor.reports])

    def test_success_without_failures_costs_no_report(self):
        self.rt.build_succeeded(None, 'n1')
        self.assertEqual([], self.conductor.reports)

    def test_a_lost_report_is_counted_and_sent_again(self):
        self.conductor.fail = True
        self.rt.build_failed(None, 'n1')
        self.conductor.fail = False
        self.rt.build_failed(None, 'n1')
        self.assertEqual({'failed_builds': 2},
                         self.conductor.reports[-1][2])
