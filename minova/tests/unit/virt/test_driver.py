"""Conformance of every installed virt driver to the ComputeDriver contract,
and the boundaries of minova/virt."""

import inspect
import os
import re
import types

import stevedore
import testtools

from minova.compute import power_state
from minova.tests.unit.virt import fakes
from minova.virt import driver

IN_TREE = {'fake.FakeDriver', 'libvirt.LibvirtDriver'}
CONTRACT = [name for name, member in vars(driver.ComputeDriver).items()
            if inspect.isfunction(member) and not name.startswith('_')]


class ConformanceTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.manager = stevedore.ExtensionManager(
            'minova.virt.drivers', invoke_on_load=False,
            on_load_failure_callback=self._load_failed)

    def _load_failed(self, manager, entrypoint, error):
        self.fail('%s failed to load: %s' % (entrypoint.name, error))

    def test_in_tree_drivers_are_installed(self):
        self.assertTrue(IN_TREE.issubset(set(self.manager.names())),
                        self.manager.names())

    def test_every_driver_is_a_compute_driver(self):
        for extension in self.manager:
            self.assertTrue(
                issubclass(extension.plugin, driver.ComputeDriver),
                extension.name)

    def test_signatures_match_the_contract(self):
        for extension in self.manager:
            for name in CONTRACT:
                expected = inspect.signature(
                    getattr(driver.ComputeDriver, name))
                actual = inspect.signature(getattr(extension.plugin, name))
                self.assertEqual(list(expected.parameters),
                                 list(actual.parameters),
                                 '%s.%s' % (extension.name, name))

    def test_capabilities_name_every_base_capability(self):
        for extension in self.manager:
            self.assertEqual(set(driver.ComputeDriver.capabilities),
                             set(extension.plugin.capabilities),
                             extension.name)

    def test_drivers_build_from_a_config_object(self):
        conf = fakes.make_conf(host='compute9')
        for extension in self.manager:
            drv = extension.plugin(conf)
            self.assertEqual(['compute9'], drv.get_available_nodes())


class ContractHelpersTestCase(testtools.TestCase):

    def test_base_methods_are_not_implemented(self):
        drv = driver.ComputeDriver(fakes.make_conf())
        instance = fakes.make_instance()
        self.assertRaises(NotImplementedError, drv.get_info, instance)
        self.assertRaises(NotImplementedError, drv.attach_volume, None, {},
                          instance, '/dev/vdb')
        self.assertRaises(NotImplementedError, drv.pause, instance)

    def test_instance_info_defaults(self):
        self.assertEqual(power_state.NOSTATE, driver.InstanceInfo().state)

    def test_image_meta_get_reads_mappings_and_objects(self):
        as_dict = {'disk_format': 'raw', 'properties': {'hw_disk_bus': 'ide'}}
        as_object = types.SimpleNamespace(**as_dict)
        for image_meta in (as_dict, as_object):
            self.assertEqual('raw',
                             driver.image_meta_get(image_meta, 'disk_format'))
            self.assertEqual('x', driver.image_meta_get(image_meta, 'file',
                                                        'x'))
            self.assertEqual('ide', driver.image_property(image_meta,
                                                          'hw_disk_bus'))
            self.assertEqual('virtio', driver.image_property(
                image_meta, 'hw_vif_model', 'virtio'))
        self.assertIsNone(driver.image_property(None, 'hw_disk_bus'))


class BoundaryTestCase(testtools.TestCase):

    def test_virt_never_imports_the_database(self):
        # A compute reaches the database only through the conductor.
        virt_dir = os.path.dirname(driver.__file__)
        pattern = re.compile(r'^\s*(from minova(\.db| import db)|'
                             r'import minova\.db)', re.MULTILINE)
        offenders = []
        for root, _dirs, files in os.walk(virt_dir):
            for name in files:
                if name.endswith('.py'):
                    path = os.path.join(root, name)
                    with open(path) as f:
                        if pattern.search(f.read()):
                            offenders.append(path)
        self.assertEqual([], offenders)
