import json

import testtools

from minova.scheduler.filters import compute_capabilities_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestComputeCapabilitiesFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = compute_capabilities_filter.ComputeCapabilitiesFilter(
            conf)
        self.hosts = [
            fakes.host_state('a', hypervisor_type='qemu', vcpus=8,
                             cpu_info=json.dumps({
                                 'arch': 'x86_64',
                                 'features': ['avx', 'sse4']})),
            fakes.host_state('b', hypervisor_type='qemu', vcpus=4,
                             cpu_info=json.dumps({'arch': 'aarch64'})),
            fakes.host_state('c', hypervisor_type='fake', vcpus=16)]

    def _passing(self, **extra_specs):
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = extra_specs
        return [h.host for h in fakes.filter_hosts(self.filt, self.hosts,
                                                   spec)]

    def test_no_extra_specs_passes_every_host(self):
        self.assertEqual(['a', 'b', 'c'], self._passing())

    def test_other_scopes_are_not_its_business(self):
        self.assertEqual(['a', 'b', 'c'], self._passing(**{
            'hw:cpu_policy': 'dedicated',
            'aggregate_instance_extra_specs:ssd': 'true'}))

    def test_host_attribute(self):
        self.assertEqual(['a', 'b'], self._passing(**{
            'capabilities:hypervisor_type': 's== qemu'}))
        self.assertEqual(['a', 'c'], self._passing(**{
            'capabilities:vcpus_total': '>= 8'}))

    def test_into_cpu_info(self):
        self.assertEqual(['a'], self._passing(**{
            'capabilities:cpu_info:arch': 'x86_64'}))
        self.assertEqual(['a'], self._passing(**{
            'capabilities:cpu_info:features': '<in> avx'}))

    def test_every_spec_must_be_met(self):
        self.assertEqual(['a'], self._passing(**{
            'capabilities:hypervisor_type': 'qemu',
            'capabilities:vcpus_total': '>= 8'}))

    def test_unscoped_specs_are_checked_and_unknown_ones_fail(self):
        # As in Nova: a spec without a scope names a host attribute.
        self.assertEqual(['c'], self._passing(hypervisor_type='fake'))
        self.assertEqual([], self._passing(no_such_thing='1'))

    def test_rejection_reason_names_the_specs(self):
        spec = fakes.request_spec_obj()
        spec.flavor.extra_specs = {'capabilities:hypervisor_type': 'xen'}
        self.assertEqual(
            "no host's capabilities meet the flavor's extra specs "
            "capabilities:hypervisor_type='xen'",
            self.filt.rejection_reason(fakes.hosts(self.hosts), spec))
