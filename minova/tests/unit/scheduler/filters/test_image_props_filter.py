import testtools

from minova.objects import image_meta
from minova.scheduler.filters import image_props_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestImagePropertiesFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = image_props_filter.ImagePropertiesFilter(conf)
        self.hosts = [
            fakes.host_state('x86', hypervisor_version=2006000,
                             supported_instances='[["x86_64", "qemu", '
                             '"hvm"], ["i686", "qemu", "hvm"]]'),
            fakes.host_state('arm', hypervisor_version=2005000,
                             supported_instances=[['aarch64', 'QEMU',
                                                   'hvm']]),
            fakes.host_state('bare', supported_instances=[])]

    def _passing(self, **properties):
        spec = fakes.request_spec_obj(
            image=image_meta.ImageMeta(properties=properties))
        return [h.host for h in fakes.filter_hosts(self.filt, self.hosts,
                                                   spec)]

    def test_an_image_that_asks_nothing_passes_every_host(self):
        self.assertEqual(['x86', 'arm', 'bare'], self._passing())
        self.assertEqual(['x86', 'arm', 'bare'], self._passing(
            img_hv_requested_version='>= 9'))

    def test_architecture_and_its_other_names(self):
        self.assertEqual(['x86'], self._passing(hw_architecture='x86_64'))
        self.assertEqual(['x86'], self._passing(hw_architecture='AMD64'))
        self.assertEqual(['x86'], self._passing(architecture='i386'))
        self.assertEqual(['arm'], self._passing(hw_architecture='arm64'))

    def test_every_asked_part_must_be_in_one_triple(self):
        self.assertEqual(['x86', 'arm'], self._passing(img_hv_type='qemu',
                                                       hw_vm_mode='hv'))
        self.assertEqual([], self._passing(hw_architecture='x86_64',
                                           img_hv_type='xen'))

    def test_hypervisor_version(self):
        self.assertEqual(['x86'], self._passing(
            img_hv_type='qemu', img_hv_requested_version='>= 2.6'))
        self.assertEqual(['arm'], self._passing(
            img_hv_type='qemu', img_hv_requested_version='>=2.0, <2.6'))
        self.assertEqual(['x86'], self._passing(
            img_hv_type='qemu', img_hv_requested_version='2.6.0'))

    def test_rejection_reason_says_what_was_asked_and_offered(self):
        spec = fakes.request_spec_obj(image=image_meta.ImageMeta(
            properties={'hw_architecture': 's390x'}))
        self.assertEqual(
            'image asks for hw_architecture=s390x; hosts run '
            'aarch64/qemu/hvm, i686/qemu/hvm, x86_64/qemu/hvm',
            self.filt.rejection_reason(fakes.hosts(self.hosts), spec))
