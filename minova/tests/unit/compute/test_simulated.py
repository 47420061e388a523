"""Simulated compute hosts: the option checks, and many hosts sharing one
heartbeat and one periodic timer on the in-process bus."""

import threading

import testtools

from minova.cmd import compute as compute_cmd
from minova.cmd import conductor as conductor_cmd
from minova.compute import simulated
from minova import context
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import service as service_obj
from minova import rpc
from minova import servicegroup
from minova.tests import fixtures as minova_fixtures


class TestHostNames(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.conf.set_override('host', 'node')
        self.conf.set_override('simulated_hosts', 3, group='compute')

    def test_default_template_numbers_the_hosts(self):
        self.assertEqual(['node-0000', 'node-0001', 'node-0002'],
                         simulated.host_names(self.conf))

    def test_template(self):
        self.conf.set_override('simulated_host_name', 'sim%(index)d',
                               group='compute')
        self.assertEqual(['sim0', 'sim1', 'sim2'],
                         simulated.host_names(self.conf))

    def test_another_driver_is_refused(self):
        self.conf.set_override('compute_driver', 'libvirt.LibvirtDriver')
        e = self.assertRaises(exception.ConfigError, simulated.host_names,
                              self.conf)
        self.assertIn('[compute] simulated_hosts = 3', str(e))
        self.assertIn('libvirt.LibvirtDriver', str(e))

    def test_names_that_repeat_are_refused(self):
        self.conf.set_override('simulated_host_name', '%(host)s',
                               group='compute')
        e = self.assertRaises(exception.ConfigError, simulated.host_names,
                              self.conf)
        self.assertIn('[compute] simulated_host_name', str(e))
        self.assertIn('repeat', str(e))

    def test_a_bad_template_is_refused(self):
        for template in ('%(nope)s-%(index)d', '%(index)d-%', '%(index)q'):
            self.conf.set_override('simulated_host_name', template,
                                   group='compute')
            e = self.assertRaises(exception.ConfigError, simulated.host_names,
                                  self.conf)
            self.assertIn('[compute] simulated_host_name', str(e))
            self.assertEqual(1, len(str(e).splitlines()))

    def test_without_simulated_hosts_one_compute(self):
        self.conf.set_override('simulated_hosts', 0, group='compute')
        transport = rpc.get_transport(self.conf)
        services = compute_cmd.build(self.conf, transport)
        self.assertEqual(['node'], [s.host for s in services])


class TestSimulatedHosts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='inproc://', report_interval=1,
            periodic_interval=1)).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.conf.set_override('host', 'sim')
        self.conf.set_override('simulated_hosts', 4, group='compute')
        self.transport = rpc.get_transport(self.conf)
        self.ctxt = context.get_admin_context()
        conductor = conductor_cmd.build(self.conf, self.transport)[0]
        conductor.start()
        self.addCleanup(conductor.stop)

    def _start(self):
        before = set(threading.enumerate())
        [hosts] = compute_cmd.build(self.conf, self.transport)
        hosts.start()
        self.addCleanup(hosts.stop)
        return hosts, set(threading.enumerate()) - before

    def _records(self):
        return {s.host: s for s in service_obj.Service.get_all(
            self.ctxt, binary='minova-compute')}

    def test_every_host_registers_reports_and_heartbeats(self):
        hosts, _threads = self._start()
        names = ['sim-0000', 'sim-0001', 'sim-0002', 'sim-0003']
        self.assertEqual(names, [host.host for host in hosts.hosts])
        records = self._records()
        self.assertEqual(names, sorted(records))
        # Schedulable from the start: each node is there, with its service.
        nodes = {n.host: n for n in compute_node_obj.ComputeNode.get_all(
            self.ctxt)}
        self.assertEqual(names, sorted(nodes))
        for name in names:
            self.assertEqual(records[name].id, nodes[name].service_id)
        # The shared heartbeat stamps them all.
        self.assertTrue(minova_fixtures.wait_for(lambda: all(
            record.report_count > records[name].report_count
            for name, record in self._records().items()), timeout=5))
        for record in self._records().values():
            self.assertTrue(servicegroup.is_up(record,
                                               self.conf.service_down_time))

    def test_one_heartbeat_and_one_periodic_thread_for_all(self):
        hosts, threads = self._start()
        names = sorted(thread.name for thread in threads
                       if 'heartbeat' in thread.name or
                       'periodic' in thread.name)
        self.assertEqual(['simulated-hosts-heartbeat',
                          'simulated-hosts-periodic'], names)
        # Each host's periodic tasks run, from the shared thread.
        self.assertTrue(minova_fixtures.wait_for(lambda: all(
            host.manager._periodic_last_run for host in hosts.hosts),
            timeout=5))

    def test_a_small_executor_per_host(self):
        self._start()
        self.assertEqual(simulated.EXECUTOR_THREADS,
                         self.conf.executor_thread_pool_size)

    def test_heartbeat_is_one_conductor_call(self):
        hosts, _threads = self._start()
        calls = []
        real = hosts.conductor.service_heartbeat_many
        hosts.conductor.service_heartbeat_many = (
            lambda ctxt, ids: calls.append(ids) or real(ctxt, ids))
        hosts.heartbeat(self.ctxt)
        self.assertEqual([sorted(r.id for r in self._records().values())],
                         [sorted(ids) for ids in calls])
