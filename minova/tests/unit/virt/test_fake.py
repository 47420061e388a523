"""The in-memory fake driver: the contract, its options, its speed."""

import os
import threading
import time

import fixtures
import testtools

from minova.compute import power_state
from minova import exception
from minova.tests.unit.virt import fakes
from minova.virt import fake


class FakeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = fakes.make_conf(host='compute1')
        self.driver = fake.FakeDriver(self.conf)
        self.driver.init_host('compute1')

    def _spawn(self, instance=None, **flavor):
        instance = instance or fakes.make_instance(
            flavor=fakes.make_flavor(**flavor))
        self.driver.spawn(None, instance, fakes.make_image_meta(), [], None,
                          {})
        return instance

    def _state(self, instance):
        return self.driver.get_info(instance).state

    def test_guest_keeps_the_servers_public_key(self):
        instance = self._spawn(fakes.make_instance(key_data='ssh-ed25519 A'))
        self.assertEqual('ssh-ed25519 A',
                         self.driver._guests[instance.uuid].key_data)

    def test_spawn_then_destroy(self):
        instance = self._spawn()
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.assertTrue(self.driver.instance_exists(instance))
        self.assertEqual([instance.name], self.driver.list_instances())
        self.assertEqual([instance.uuid], self.driver.list_instance_uuids())
        self.driver.destroy(None, instance)
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertEqual([], self.driver.list_instances())
        self.assertRaises(exception.InstanceNotFound,
                          self.driver.get_info, instance)

    def test_snapshot_writes_a_file_naming_the_guest(self):
        instance = self._spawn()
        path = os.path.join(self.useFixture(fixtures.TempDir()).path, 'i')
        self.assertEqual('raw', self.driver.snapshot(None, instance, path))
        with open(path, 'rb') as f:
            self.assertIn(instance.uuid.encode(), f.read())
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.driver.destroy(None, instance)
        self.assertRaises(exception.InstanceNotFound, self.driver.snapshot,
                          None, instance, path + '2')
        self.assertFalse(os.path.exists(path + '2'))

    def test_destroy_is_idempotent(self):
        instance = self._spawn()
        self.driver.destroy(None, instance)
        self.driver.destroy(None, instance)
        self.driver.destroy(None, fakes.make_instance())
        self.assertEqual([], self.driver.list_instances())

    def test_spawn_twice_is_refused(self):
        instance = self._spawn()
        self.assertRaises(exception.InstanceExists, self._spawn, instance)
        self.assertEqual(1, len(self.driver.list_instances()))

    def test_power_cycle(self):
        instance = self._spawn()
        self.driver.power_off(instance)
        self.assertEqual(power_state.SHUTDOWN, self._state(instance))
        self.driver.power_on(None, instance, [])
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.driver.pause(instance)
        self.assertEqual(power_state.PAUSED, self._state(instance))
        self.driver.unpause(instance)
        self.driver.suspend(None, instance)
        self.assertEqual(power_state.SUSPENDED, self._state(instance))
        self.driver.resume(None, instance, [])
        self.driver.reboot(None, instance, [], 'HARD')
        self.assertEqual(power_state.RUNNING, self._state(instance))

    def test_unpause_of_a_running_guest_is_refused(self):
        instance = self._spawn()
        self.assertRaises(exception.InstanceInvalidState,
                          self.driver.unpause, instance)
        self.assertEqual(power_state.RUNNING, self._state(instance))

    def test_power_off_of_a_missing_guest(self):
        self.assertRaises(exception.InstanceNotFound,
                          self.driver.power_off, fakes.make_instance())

    def test_spawn_delay(self):
        self.conf.set_override('spawn_delay', 0.05, group='fake_driver')
        start = time.monotonic()
        self._spawn()
        self.assertGreaterEqual(time.monotonic() - start, 0.05)

    def test_spawn_fails_on_listed_hosts(self):
        self.conf.set_override('fail_spawn_on_hosts', ['compute1'],
                               group='fake_driver')
        instance = fakes.make_instance()
        error = self.assertRaises(exception.InstanceDeployFailure,
                                  self._spawn, instance)
        self.assertIn('[fake_driver] fail_spawn_on_hosts', str(error))
        self.assertIn(instance.uuid, str(error))
        self.assertFalse(self.driver.instance_exists(instance))

    def test_failing_host_is_the_one_given_to_init_host(self):
        # minova-all may run several computes on one config object: the
        # host a driver serves is the one init_host names.
        self.conf.set_override('fail_spawn_on_hosts', ['compute2'],
                               group='fake_driver')
        other = fake.FakeDriver(self.conf)
        other.init_host('compute2')
        self._spawn()
        self.assertRaises(
            exception.InstanceDeployFailure, other.spawn, None,
            fakes.make_instance(), fakes.make_image_meta(), [], None, {})
        self.assertEqual(['compute2'], other.get_available_nodes())

    def test_available_resource_sums_guests(self):
        self.conf.set_override('vcpus', 8, group='fake_driver')
        first = self._spawn(vcpus=2, memory_mb=512, root_gb=10,
                            ephemeral_gb=5)
        self._spawn(vcpus=1, memory_mb=256, root_gb=1)
        self.driver.power_off(first)
        resources = self.driver.get_available_resource('compute1')
        self.assertEqual(8, resources['vcpus'])
        self.assertEqual(3, resources['vcpus_used'])
        self.assertEqual(768, resources['memory_mb_used'])
        self.assertEqual(16, resources['local_gb_used'])
        self.assertEqual(2, resources['running_vms'])
        self.assertEqual('compute1', resources['hypervisor_hostname'])
        self.assertEqual(self.conf.fake_driver.memory_mb,
                         resources['memory_mb'])
        self.driver.destroy(None, first)
        resources = self.driver.get_available_resource('compute1')
        self.assertEqual(1, resources['vcpus_used'])
        self.assertEqual(256, resources['memory_mb_used'])

    def test_drivers_do_not_share_guests(self):
        other = fake.FakeDriver(fakes.make_conf(host='compute2'))
        self._spawn()
        self.assertEqual([], other.list_instances())

    def test_parallel_spawns(self):
        instances = [fakes.make_instance() for _ in range(400)]

        def boot(chunk):
            for instance in chunk:
                self._spawn(instance)

        threads = [threading.Thread(target=boot, args=(instances[i::8],))
                   for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(i.uuid for i in instances),
                         sorted(self.driver.list_instance_uuids()))
        self.assertEqual(
            400, self.driver.get_available_resource('n')['vcpus_used'])

    def test_spawn_is_fast(self):
        # The boot benchmark pushes 100+ servers/s through this driver; a
        # thousand spawns and destroys must take a small part of a second.
        instances = [fakes.make_instance() for _ in range(1000)]
        start = time.monotonic()
        for instance in instances:
            self._spawn(instance)
        for instance in instances:
            self.driver.destroy(None, instance)
        self.assertLess(time.monotonic() - start, 0.5)

    def test_attach_and_detach_volume(self):
        instance = self._spawn()
        info = {'driver_volume_type': 'local', 'data': {'device_path': '/x'}}
        self.driver.attach_volume(None, info, instance, '/dev/vdb')
        self.assertEqual({'/dev/vdb': info},
                         self.driver.get_attached_volumes(instance))
        self.assertRaises(exception.Conflict, self.driver.attach_volume,
                          None, info, instance, '/dev/vdb')
        self.driver.detach_volume(None, info, instance, '/dev/vdb')
        self.driver.detach_volume(None, info, instance, '/dev/vdb')
        self.assertEqual({}, self.driver.get_attached_volumes(instance))

    def test_attach_volume_to_a_missing_guest(self):
        self.assertRaises(exception.InstanceNotFound,
                          self.driver.attach_volume, None, {},
                          fakes.make_instance(), '/dev/vdb')

    def test_volume_connector(self):
        connector = self.driver.get_volume_connector(fakes.make_instance())
        self.assertEqual('compute1', connector['host'])
        self.assertEqual('127.0.0.1', connector['ip'])
        self.assertIn('compute1', connector['initiator'])


class FakeDriverMigrationTestCase(testtools.TestCase):
    """Nova's four migration methods, on two fake hypervisors."""

    def setUp(self):
        super().setUp()
        self.source = fake.FakeDriver(fakes.make_conf(host='compute1'))
        self.source.init_host('compute1')
        self.dest = fake.FakeDriver(fakes.make_conf(host='compute2'))
        self.dest.init_host('compute2')
        self.instance = fakes.make_instance()
        self.source.spawn(None, self.instance, fakes.make_image_meta(), [],
                          None, {})

    def _move(self, power_on=True):
        disk_info = self.source.migrate_disk_and_power_off(
            None, self.instance, 'compute2', self.instance.flavor, [])
        self.assertEqual([], self.source.list_instance_uuids())
        self.dest.finish_migration(None, None, self.instance, disk_info, [],
                                   {}, True, {}, power_on=power_on)

    def test_confirm_drops_the_source_copy(self):
        self._move()
        self.assertEqual(power_state.RUNNING,
                         self.dest.get_info(self.instance).state)
        self.source.confirm_migration(None, None, self.instance, [])
        self.assertEqual({}, self.source._resizing)

    def test_revert_brings_the_source_copy_back(self):
        self._move(power_on=False)
        self.assertEqual(power_state.SHUTDOWN,
                         self.dest.get_info(self.instance).state)
        self.dest.destroy(None, self.instance)
        self.source.finish_revert_migration(None, self.instance, [], None)
        self.assertEqual(power_state.RUNNING,
                         self.source.get_info(self.instance).state)
        self.assertEqual([self.instance.uuid],
                         self.source.list_instance_uuids())

    def test_finish_fails_on_a_listed_host(self):
        self.dest.conf.set_override('fail_spawn_on_hosts', ['compute2'],
                                    group='fake_driver')
        self.assertRaises(exception.InstanceDeployFailure, self._move)
