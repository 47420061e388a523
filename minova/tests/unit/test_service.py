"""Services on the in-process bus with a real SQLite database."""

import threading
import time

import oslo_messaging as messaging
import testtools

from minova.cmd import compute as compute_cmd
from minova.cmd import conductor as conductor_cmd
from minova import context
from minova import manager
from minova.objects import compute_node as compute_node_obj
from minova.objects import service as service_obj
from minova import rpc
from minova import service
from minova import servicegroup
from minova.tests import fixtures as minova_fixtures


class SlowManager(manager.Manager):
    target = messaging.Target(version='1.0')

    def __init__(self, conf):
        super().__init__(conf, host='slowhost', service_name='slow')
        self.started = threading.Event()
        self.ticks = 0

    def slow(self, context, seconds):
        self.started.set()
        time.sleep(seconds)
        return 'finished'

    @manager.periodic_task(spacing=0.1, run_immediately=True)
    def tick(self, context):
        self.ticks += 1


class TestService(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='inproc://', report_interval=1)).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.transport = rpc.get_transport(self.conf)
        self.ctxt = context.get_admin_context()

    def _start(self, svc):
        svc.start()
        self.addCleanup(svc.stop)
        return svc

    def test_compute_registers_and_heartbeats_through_conductor(self):
        self._start(conductor_cmd.build(self.conf, self.transport)[0])
        compute = self._start(compute_cmd.build_compute(
            self.conf, self.transport, host='c1'))
        record = service_obj.Service.get_by_host_and_binary(
            self.ctxt, 'c1', 'minova-compute')
        self.assertTrue(servicegroup.is_up(record, self.conf.service_down_time))
        first = record.report_count
        self.assertTrue(minova_fixtures.wait_for(lambda: service_obj.Service.get_by_id(
            self.ctxt, record.id).report_count > first, timeout=5))
        # A new host is schedulable from its first report: its node exists.
        node = compute_node_obj.ComputeNode.get_by_host_and_nodename(
            self.ctxt, 'c1', compute.manager.driver.get_available_nodes()[0])
        self.assertEqual(record.id, node.service_id)
        self.assertGreater(node.memory_mb, 0)

    def test_two_computes_share_a_process(self):
        self._start(conductor_cmd.build(self.conf, self.transport)[0])
        for host in ('c1', 'c2'):
            self._start(compute_cmd.build_compute(self.conf, self.transport,
                                                  host=host))
        hosts = sorted(s.host for s in service_obj.Service.get_all(
            self.ctxt, binary='minova-compute'))
        self.assertEqual(['c1', 'c2'], hosts)
        self.assertEqual(['c1', 'c2'], sorted(
            n.host for n in compute_node_obj.ComputeNode.get_all(self.ctxt)))

    def test_stop_finishes_the_request_in_flight(self):
        mgr = SlowManager(self.conf)
        svc = service.Service(self.conf, 'minova-slow', 'slow', mgr,
                              self.transport)
        svc.start()
        client = rpc.get_client(self.transport, 'slow', '1.0')
        results = []
        caller = threading.Thread(target=lambda: results.append(
            client.prepare(timeout=10).call(self.ctxt, 'slow', seconds=1)))
        caller.start()
        self.assertTrue(mgr.started.wait(5))
        svc.stop()
        caller.join(10)
        self.assertEqual(['finished'], results)

    def test_periodic_tasks_run(self):
        mgr = SlowManager(self.conf)
        self._start(service.Service(self.conf, 'minova-slow', 'slow', mgr,
                                    self.transport))
        self.assertTrue(minova_fixtures.wait_for(lambda: mgr.ticks >= 3, timeout=5))


class _Stoppable:
    """Records when its stop began and ended (a stop takes ``seconds``)."""

    def __init__(self, binary, name, log, seconds=0.3):
        self.binary, self.name, self.log = binary, name, log
        self.seconds = seconds

    def stop(self):
        self.log.append(('begin', self.name, time.monotonic()))
        time.sleep(self.seconds)
        self.log.append(('end', self.name, time.monotonic()))


class TestStopAll(testtools.TestCase):
    def test_one_binary_at_a_time_last_started_first_side_by_side(self):
        log = []
        services = [_Stoppable('minova-conductor', 'conductor', log),
                    _Stoppable('minova-scheduler', 'scheduler', log)]
        services += [_Stoppable('minova-compute', 'compute%d' % i, log)
                     for i in range(5)]
        services.append(_Stoppable('minova-api', 'api', log))
        started = time.monotonic()
        service.stop_all(services)
        took = time.monotonic() - started
        # Four binaries of 0.3 s each: the five computes side by side.
        self.assertLess(took, 2.0)
        self.assertGreaterEqual(took, 1.2)
        when = {(event, name): at for event, name, at in log}
        computes = ['compute%d' % i for i in range(5)]
        self.assertLess(when['end', 'api'],
                        min(when['begin', c] for c in computes))
        self.assertLess(max(when['begin', c] for c in computes),
                        min(when['end', c] for c in computes))
        self.assertLess(max(when['end', c] for c in computes),
                        when['begin', 'scheduler'])
        self.assertLess(when['end', 'scheduler'],
                        when['begin', 'conductor'])
        self.assertEqual(16, len(log))
