"""AggregateInstanceExtraSpecsFilter: flavor extra specs (scoped or not)
against the metadata of a host's aggregates."""

import types

import fixtures
import numpy as np
import testtools

from minova.db import aggregates as db_aggregates
from minova.scheduler.filters import aggregate_instance_extra_specs as aies
from minova.scheduler import host_table
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


def aggregate(agg_id, **metadata):
    return db_aggregates.AggregateInfo(
        agg_id, 'uuid-%d' % agg_id, 'agg%d' % agg_id,
        types.MappingProxyType(metadata))


FAST = aggregate(1, ssd='true', cpus='16')
GPU = aggregate(2, gpu='nvidia', cpus='8')


class TestAggregateInstanceExtraSpecsFilter(testtools.TestCase):
    """Every case runs both paths: host_passes host by host, and
    filter_mask over a Hosts view of the same states."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = aies.AggregateInstanceExtraSpecsFilter(conf)
        self.hosts = []
        # (name, membership, key): fast and fast2 share one membership.
        for name, membership, key in (
                ('none', (), 0), ('fast', (FAST,), 1), ('gpu', (GPU,), 2),
                ('both', (FAST, GPU), 3), ('fast2', (FAST,), 1)):
            self.hosts.append(fakes.host_state(
                name, aggregates=membership, aggregates_key=key))

    def passing(self, extra_specs):
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = extra_specs
        passed = fakes.filter_hosts(self.filt, self.hosts, spec)
        return [h.host for h in passed if h.host != 'fast2']

    def test_each_distinct_membership_is_judged_once(self):
        unmet = self.useFixture(fixtures.MockPatchObject(
            aies, 'unmet', wraps=aies.unmet)).mock
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = {'ssd': 'true'}
        hosts = host_table.Hosts.from_states(self.hosts * 100)
        mask = self.filt.filter_mask(hosts, spec)
        self.assertEqual(300, int(mask.sum()))
        self.assertEqual(4, unmet.call_count)
        # A subset, in another order, whose keys skip some.
        subset = hosts.subset(np.array([4, 2, 0]))
        self.assertEqual([True, False, False],
                         self.filt.filter_mask(subset, spec).tolist())

    def test_no_hosts(self):
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = {'ssd': 'true'}
        self.assertEqual(0, len(self.filt.filter_mask(
            host_table.Hosts.from_states([]), spec)))

    def test_no_specs_pass_every_host(self):
        self.assertEqual(['none', 'fast', 'gpu', 'both'], self.passing({}))

    def test_other_scopes_are_not_ours(self):
        self.assertEqual(['none', 'fast', 'gpu', 'both'], self.passing({
            'hw:cpu_policy': 'dedicated', 'capabilities:cpu_info': 'x'}))

    def test_scoped_and_unscoped(self):
        self.assertEqual(['fast', 'both'], self.passing({
            'aggregate_instance_extra_specs:ssd': 'true'}))
        self.assertEqual(['fast', 'both'], self.passing({'ssd': 'true'}))
        self.assertEqual([], self.passing({'ssd': 'false'}))
        self.assertEqual(['both'], self.passing({
            'ssd': 'true', 'aggregate_instance_extra_specs:gpu': 'nvidia'}))

    def test_operators(self):
        self.assertEqual(['fast', 'both'], self.passing({'cpus': '>= 12'}))
        # "both" is in two aggregates: one of the values meeting it is
        # enough.
        self.assertEqual(['gpu', 'both'], self.passing({'cpus': '<= 8'}))
        self.assertEqual(['gpu', 'both'], self.passing({
            'gpu': '<or> amd <or> nvidia'}))
        self.assertEqual(['gpu', 'both'], self.passing({'gpu': '<in> vid'}))
        self.assertEqual(['fast', 'both'], self.passing({'ssd': 's== true'}))

    def test_requirements(self):
        self.assertEqual(
            [('a:b', 'x'), ('ssd', 'true'), ('zz', '1')],
            aies.requirements({'aggregate_instance_extra_specs:a:b': 'x',
                               'hw:mem_page_size': 'large',
                               'zz': '1', 'ssd': 'true'}))

    def test_rejection_reason_names_the_specs(self):
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = {'ssd': 'false'}
        self.assertEqual(
            "no host's aggregates meet the flavor's extra specs ssd='false'",
            self.filt.rejection_reason(
                host_table.Hosts.from_states(self.hosts), spec))

    def test_runs_once_per_request(self):
        self.assertFalse(self.filt.run_filter_for_index(1))
