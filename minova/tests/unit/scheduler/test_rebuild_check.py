"""A rebuild's check of its host (Nova's ``_nova_check_type`` request):
the host forced, only the filters that judge an image, nothing claimed."""

from minova.db import allocations
from minova import exception
from minova.objects import image_meta
from minova.scheduler import utils as scheduler_utils
from minova.tests.unit.scheduler import fakes
from minova.tests.unit.scheduler import test_filter_scheduler as base


class TestRebuildCheck(base.SchedulerTestCase):

    def _spec(self, host, **properties):
        # Far more RAM than any host has: a filter of resources would
        # refuse; a rebuild keeps its claim, so they must not run.
        spec = fakes.request_spec_obj(memory_mb=10 ** 6)
        spec.image = image_meta.ImageMeta(properties=properties)
        scheduler_utils.mark_rebuild(spec, host)
        return spec

    def test_the_forced_host_passes_and_nothing_is_claimed(self):
        fakes.create_compute('host1', supported_instances='[["x86_64", '
                             '"fake", "hvm"]]')
        fakes.create_compute('host2')
        spec = self._spec('host1', hw_architecture='x86_64')
        [[selection]] = self._scheduler().select_destinations(
            None, spec, [spec.instance_uuid])
        self.assertEqual('host1', selection.service_host)
        self.assertEqual({}, allocations.get_by_consumer(spec.instance_uuid))

    def test_an_image_the_host_cannot_run_is_no_valid_host(self):
        fakes.create_compute('host1', supported_instances='[["x86_64", '
                             '"fake", "hvm"]]')
        spec = self._spec('host1', hw_architecture='aarch64')
        error = self.assertRaises(
            exception.NoValidHost, self._scheduler().select_destinations,
            None, spec, [spec.instance_uuid])
        self.assertIn('ImagePropertiesFilter 1\u21920',
                      error.format_message())

    def test_request_is_rebuild(self):
        spec = fakes.request_spec_obj()
        self.assertFalse(scheduler_utils.request_is_rebuild(spec))
        scheduler_utils.mark_rebuild(spec, 'h')
        self.assertTrue(scheduler_utils.request_is_rebuild(spec))
        self.assertEqual(['h'], spec.force_hosts)
