"""/os-hypervisors."""

import datetime

import fixtures

from oslo_utils import timeutils

from minova.api import wsgi
from minova.objects import compute_node as compute_node_obj
from minova.objects import service as service_obj
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api.openstack.compute import base


class TestHypervisors(base.APITestCase):

    def setUp(self):
        super().setUp()
        ctx = self.admin_context
        self.services = {}
        self.nodes = {}
        for host in ('h1', 'h2'):
            service = service_obj.Service.get_or_create(
                ctx, host, 'minova-compute', 'compute', 1)
            service.heartbeat()
            self.services[host] = service
            self.nodes[host] = compute_node_obj.ComputeNode.create_or_update(
                ctx, host, host + '.example', {
                    'service_id': service.id, 'hypervisor_type': 'QEMU',
                    'hypervisor_version': 8000000, 'vcpus': 8,
                    'memory_mb': 16384, 'local_gb': 100, 'running_vms': 0,
                    'cpu_info': '{}', 'supported_instances': '[]',
                    'host_ip': '192.0.2.1'})
        # h2 is down and disabled.
        stale = service_obj.Service.get_by_id(ctx, self.services['h2'].id)
        stale.last_seen_up = timeutils.utcnow() - datetime.timedelta(
            seconds=3600)
        stale.disabled = True
        stale.disabled_reason = 'broken'
        stale.save()

    def test_index(self):
        self.assertEqual({'hypervisors': [
            {'id': self.nodes['h1'].id, 'hypervisor_hostname': 'h1.example',
             'state': 'up', 'status': 'enabled'},
            {'id': self.nodes['h2'].id, 'hypervisor_hostname': 'h2.example',
             'state': 'down', 'status': 'disabled'}]},
            self.request('/os-hypervisors', token=base.ADMIN).json)

    def test_detail_and_show(self):
        node = self.nodes['h2']
        expected = {
            'id': node.id, 'hypervisor_hostname': 'h2.example',
            'state': 'down', 'status': 'disabled', 'vcpus': 8,
            'memory_mb': 16384, 'local_gb': 100, 'vcpus_used': 0,
            'memory_mb_used': 0, 'local_gb_used': 0,
            'hypervisor_type': 'QEMU', 'hypervisor_version': 8000000,
            'free_ram_mb': 16384, 'free_disk_gb': 100,
            'current_workload': 0, 'running_vms': 0, 'cpu_info': '{}',
            'disk_available_least': 100, 'host_ip': '192.0.2.1',
            'service': {'host': 'h2', 'id': self.services['h2'].id,
                        'disabled_reason': 'broken'}}
        self.assertEqual(expected, self.request(
            '/os-hypervisors/detail', token=base.ADMIN).json[
            'hypervisors'][1])
        self.assertEqual({'hypervisor': expected}, self.request(
            '/os-hypervisors/%d' % node.id, token=base.ADMIN).json)

    def test_not_found_and_admin_only(self):
        for bad in ('12345', 'h1'):
            self.assertFault(self.request('/os-hypervisors/%s' % bad,
                                          token=base.ADMIN), 404,
                             "Hypervisor with ID '%s'" % bad)
        for path in ('', '/detail', '/%d' % self.nodes['h1'].id):
            self.assertFault(self.request('/os-hypervisors' + path), 403,
                             'os-hypervisors')

    def test_uptime_of_a_down_compute_is_400_and_unknown_is_501(self):
        compute_api = self.useFixture(fixtures.MockPatch(
            'minova.compute.api.API.get_host_uptime')).mock
        self.assertFault(self.request(
            '/os-hypervisors/%d/uptime' % self.nodes['h2'].id,
            token=base.ADMIN), 400, 'Compute service of h2 is unavailable')
        compute_api.assert_not_called()
        compute_api.side_effect = NotImplementedError
        self.assertFault(self.request(
            '/os-hypervisors/%d/uptime' % self.nodes['h1'].id,
            token=base.ADMIN), 501, 'does not implement uptime')
        compute_api.side_effect = None
        compute_api.return_value = ' up 1 day'
        self.assertEqual(' up 1 day', self.request(
            '/os-hypervisors/%d/uptime' % self.nodes['h1'].id,
            token=base.ADMIN).json['hypervisor']['uptime'])
        self.assertEqual('h1', compute_api.call_args[0][-1])


class TestHypervisorVersions(TestHypervisors):
    """Behind the ceiling: 2.28's cpu_info, 2.53's uuids."""

    def setUp(self):
        super().setUp()
        self.useFixture(minova_fixtures.MicroversionCeiling('2.79'))
        self.app = wsgi.init_application(self.conf)

    def at(self, version, path):
        return self.request(path, token=base.ADMIN, headers={
            'OpenStack-API-Version': 'compute %s' % version})

    def test_a_down_disabled_node_at_2_53(self):
        node, service = self.nodes['h2'], self.services['h2']
        shown = self.at('2.53', '/os-hypervisors/%s' % node.uuid).json[
            'hypervisor']
        self.assertEqual((node.uuid, 'down', 'disabled', {}),
                         (shown['id'], shown['state'], shown['status'],
                          shown['cpu_info']))
        self.assertEqual({'host': 'h2', 'id': service.uuid,
                          'disabled_reason': 'broken'}, shown['service'])
        self.assertFault(self.at('2.53', '/os-hypervisors/%s/uptime'
                                 % node.uuid), 400, 'unavailable')
        self.assertFault(self.at('2.53', '/os-hypervisors/%d' % node.id),
                         400, 'Invalid uuid %d' % node.id)
        self.assertEqual(1, self.at('2.53', '/os-hypervisors/statistics')
                         .json['hypervisor_statistics']['count'])
        self.assertEqual('{}', self.at('2.27', '/os-hypervisors/%d'
                                       % node.id).json['hypervisor'][
                                           'cpu_info'])
