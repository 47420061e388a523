"""minova's field types: dicts and lists make no reference cycle and are
still coerced; UUIDs are checked without swapping the warning filters."""

import gc
import warnings
import weakref

import fixtures
import testtools

from minova.objects import flavor as flavor_obj
from minova.objects import image_meta
from minova.objects import instance as instance_obj
from minova.objects import instance_group
from minova.objects import request_spec

UUID = '5da72ff6-3e40-49d2-b8b0-a48baee75563'


def _instance():
    flavor = flavor_obj.Flavor(
        id=1, flavorid='1', name='m1.tiny', memory_mb=512, vcpus=1,
        root_gb=1, ephemeral_gb=0, swap=0, rxtx_factor=1.0, is_public=True,
        disabled=False, description=None, extra_specs={'hw:cpu': '1'})
    return instance_obj.Instance(uuid=UUID, flavor=flavor,
                                 metadata={'role': 'web'})


class TestNoCycles(testtools.TestCase):
    """Each object goes with its last reference, the collector off."""

    def setUp(self):
        super().setUp()
        gc.collect()
        gc.disable()
        self.addCleanup(gc.enable)

    def assertFreed(self, make):
        ref = weakref.ref(make())
        self.assertIsNone(ref(), 'only the garbage collector frees it')

    def test_an_instance_with_metadata_and_flavor_extra_specs(self):
        self.assertFreed(_instance)

    def test_an_instance_made_from_its_primitive(self):
        primitive = _instance().obj_to_primitive()
        self.assertFreed(
            lambda: instance_obj.Instance.obj_from_primitive(primitive))

    def test_an_image_with_properties(self):
        self.assertFreed(lambda: image_meta.ImageMeta(
            id=UUID, properties={'os_distro': 'debian', 'kernel': None}))

    def test_a_request_spec_with_hints_and_lists(self):
        self.assertFreed(lambda: request_spec.RequestSpec(
            scheduler_hints={'group': [UUID]}, ignore_hosts=['h1'],
            force_hosts=[]))

    def test_an_instance_list(self):
        self.assertFreed(lambda: instance_obj.InstanceList(
            objects=[_instance()]))


class TestStillCoerced(testtools.TestCase):
    """Items added to a container later are coerced as the library does."""

    def test_a_string_dict_turns_an_added_number_into_a_string(self):
        instance = _instance()
        instance.metadata['port'] = 8080
        self.assertEqual('8080', instance.metadata['port'])

    def test_an_integer_dict_refuses_an_added_word(self):
        group = instance_group.InstanceGroup(rules={'max': 1})
        self.assertRaises(ValueError, group.rules.__setitem__, 'min', 'one')

    def test_a_dict_of_lists_coerces_what_is_appended_to_a_list(self):
        spec = request_spec.RequestSpec(scheduler_hints={'group': []})
        spec.scheduler_hints['group'].append(7)
        self.assertEqual(['7'], spec.scheduler_hints['group'])

    def test_a_list_of_objects_refuses_another_object(self):
        instances = instance_obj.InstanceList(objects=[])
        self.assertRaises(ValueError, instances.objects.append,
                          image_meta.ImageMeta(id=UUID))

    def test_a_nullable_string_dict_keeps_none(self):
        image = image_meta.ImageMeta(id=UUID, properties={})
        image.properties['kernel'] = None
        self.assertIsNone(image.properties['kernel'])


class TestUUID(testtools.TestCase):
    def test_a_uuid_is_checked_without_swapping_the_warning_filters(self):
        def swap(*args, **kwargs):
            raise AssertionError('the warning filters were swapped')
        self.useFixture(fixtures.MonkeyPatch('warnings.catch_warnings', swap))
        instance = instance_obj.Instance(uuid=UUID.upper())
        self.assertEqual(UUID.upper(), instance.uuid)

    def test_what_is_no_uuid_still_gets_the_librarys_warning(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            instance = instance_obj.Instance(uuid='not-a-uuid')
        self.assertEqual('not-a-uuid', instance.uuid)
        self.assertEqual([FutureWarning], [w.category for w in caught])
