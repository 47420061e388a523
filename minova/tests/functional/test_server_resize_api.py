"""Resize, confirmResize, revertResize, the auto-confirm and cold migrate
over HTTP on an in-process all-in-one with the fake driver: the server's
host, flavor and states at each step, /os-migrations, the refusals, no
valid host, a failure on the destination; and at every step each host's
usage equals the claims of what it holds (the instance's on the
destination, the migration's on the source)."""

import collections
import json
import time

import fixtures
import testtools

from minova.compute import rpcapi as compute_rpcapi
from minova import context
from minova.db import models
from minova.db import session
from minova.objects import request_spec as request_spec_obj
from minova.tests.functional import test_server_actions_api
from minova.tests.functional import test_stuck_api

try:
    import libvirt
except ImportError:  # pragma: no cover - libvirt-python is optional
    libvirt = None

# The bootstrap flavors: id -> (VCPU, MEMORY_MB, DISK_GB).
FLAVORS = {'1': (1, 512, 1), '2': (1, 2048, 20), '3': (2, 4096, 40)}


class ResizeTestBase(test_server_actions_api.ActionsTestBase):

    def setUp(self):
        super().setUp()
        self.source = self.server['OS-EXT-SRV-ATTR:host']

    def other_host(self):
        return {'host1': 'host2', 'host2': 'host1'}[self.source]

    def resize(self, flavor_ref, expect_status='VERIFY_RESIZE'):
        resp = self.act('resize', {'flavorRef': flavor_ref})
        self.assertEqual('', resp.text)  # 202 with no body, as Nova
        return self.api.wait_for_task(self.server_id, expect_status)

    def migrations(self, **filters):
        query = '&'.join('%s=%s' % item for item in filters.items())
        resp = self.api.get('/os-migrations' + ('?' + query if query
                                                else ''))
        self.assertEqual(200, resp.status, resp)
        return resp.body['migrations']

    def migration(self):
        (migration,) = self.migrations(instance_uuid=self.server_id)
        return migration

    def migration_uuid(self):
        with session.reader() as s:
            return s.query(models.Migration.uuid).filter_by(
                instance_uuid=self.server_id).order_by(
                models.Migration.id.desc()).first()[0]

    def assertClaims(self, expected):
        """``expected``: host -> {consumer: flavor id}. Each node's usage
        is the sum of its allocations, and the allocations are exactly
        the flavors expected."""
        with session.reader() as s:
            nodes = {node.id: node for node in s.query(models.ComputeNode)}
            held = collections.defaultdict(dict)
            for row in s.query(models.Allocation):
                held[(row.compute_node_id, row.consumer_id)][
                    row.resource_class] = row.used
        for node in nodes.values():
            mine = {consumer: amounts for (node_id, consumer), amounts
                    in held.items() if node_id == node.id}
            self.assertEqual(
                (node.vcpus_used, node.memory_mb_used, node.local_gb_used),
                tuple(sum(a.get(rc, 0) for a in mine.values())
                      for rc in ('VCPU', 'MEMORY_MB', 'DISK_GB')),
                node.host)
            want = {consumer: dict(zip(('VCPU', 'MEMORY_MB', 'DISK_GB'),
                                       FLAVORS[flavor]))
                    for consumer, flavor in expected.get(node.host,
                                                         {}).items()}
            self.assertEqual(want, mine, node.host)

    def wait_for_task_state(self, task_state):
        deadline = time.monotonic() + 20
        while self.api.get('/servers/%s' % self.server_id).body['server'][
                'OS-EXT-STS:task_state'] != task_state:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def event_results(self, action_index=0):
        action = self.actions()[action_index]
        events = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, action['request_id'])).body['instanceAction'][
            'events']
        return action, {e['event']: e['result'] for e in events}


class TestResize(ResizeTestBase):

    def test_resize_then_confirm(self):
        server = self.resize('2')
        dest = self.other_host()
        self.assertEqual('resized', server['OS-EXT-STS:vm_state'])
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('2', server['flavor']['id'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        migration_uuid = self.migration_uuid()
        self.assertClaims({self.source: {migration_uuid: '1'},
                           dest: {self.server_id: '2'}})
        migration = self.migration()
        self.assertEqual(
            ('finished', self.source, dest, dest),
            (migration['status'], migration['source_compute'],
             migration['dest_compute'], migration['dest_node']))
        self.assertNotEqual(migration['old_instance_type_id'],
                            migration['new_instance_type_id'])
        action, events = self.event_results()
        self.assertEqual('resize', action['action'])
        self.assertEqual(
            {'cold_migrate': 'Success', 'compute_prep_resize': 'Success',
             'compute_resize_instance': 'Success',
             'compute_finish_resize': 'Success'}, events)

        server = self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('2', server['flavor']['id'])
        self.assertEqual('active', server['OS-EXT-STS:vm_state'])
        self.assertClaims({dest: {self.server_id: '2'}})
        self.assertEqual('confirmed', self.migration()['status'])
        self.assertEqual(['confirmResize', 'resize', 'create'],
                         [a['action'] for a in self.actions()])
        self.assertEqual({'compute_confirm_resize': 'Success'},
                         self.event_results()[1])
        # What schedules it next (unshelve, migrate) has the new flavor.
        self.assertEqual('2', request_spec_obj.RequestSpec.
                         get_by_instance_uuid(context.get_admin_context(),
                                              self.server_id).flavor.flavorid)
        # The source's copy is gone: the server can be resized again,
        # back onto the first host.
        server = self.resize('3')
        self.assertEqual(self.source, server['OS-EXT-SRV-ATTR:host'])
        self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertClaims({self.source: {self.server_id: '3'}})

    def test_resize_then_revert(self):
        self.resize('2')
        server = self.act_and_wait('revertResize', 'ACTIVE')
        self.assertEqual(self.source, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('1', server['flavor']['id'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertClaims({self.source: {self.server_id: '1'}})
        self.assertEqual('reverted', self.migration()['status'])
        self.assertEqual(
            {'compute_revert_resize': 'Success',
             'compute_finish_revert_resize': 'Success'},
            self.event_results()[1])

    def test_resize_of_a_stopped_server_stays_stopped(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        server = self.resize('2')
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        server = self.act_and_wait('revertResize', 'SHUTOFF')
        self.assertEqual(self.source, server['OS-EXT-SRV-ATTR:host'])
        self.resize('2')
        server = self.act_and_wait('confirmResize', 'SHUTOFF')
        self.assertEqual('2', server['flavor']['id'])

    def test_delete_in_verify_resize_frees_both_hosts(self):
        self.resize('2')
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.assertClaims({})
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def test_delete_mid_move_frees_both_hosts(self):
        # The move sits between its source and its destination (the
        # finish_resize cast is held back) when the server is deleted.
        self.useFixture(fixtures.MockPatchObject(
            compute_rpcapi.ComputeAPI, 'finish_resize'))
        self.act('resize', {'flavorRef': '2'})
        self.wait_for_task_state('resize_migrated')
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)
        self.assertClaims({})
        self.assertEqual('error', self.migration()['status'])

    def test_refusals(self):
        before = self.cloud.count_rows()
        resp = self.act('resize', {'flavorRef': '1'}, expect=400)
        self.assertIn('Resize requires a flavor change.', resp.text)
        resp = self.act('resize', {'flavorRef': 'nope'}, expect=400)
        self.assertIn('nope', resp.text)
        self.cloud.create_flavor('nodisk', 512, disk=0, flavorid='nodisk')
        resp = self.act('resize', {'flavorRef': 'nodisk'}, expect=400)
        self.assertIn('root disk', resp.text)
        resp = self.act('resize', {}, expect=400)
        resp = self.act('confirmResize', expect=409)
        self.assertIn("Cannot 'confirmResize' instance %s while it is in "
                      "vm_state active" % self.server_id, resp.text)
        self.act('revertResize', expect=409)
        self.act_and_wait('pause', 'PAUSED')
        resp = self.act('resize', {'flavorRef': '2'}, expect=409)
        self.assertIn("Cannot 'resize' instance %s while it is in "
                      "vm_state paused" % self.server_id, resp.text)
        self.assertEqual([], self.migrations())
        after = self.cloud.count_rows()
        # Only the pause wrote something (its action and event).
        for table in ('instances', 'allocations', 'instance_faults'):
            self.assertEqual(before[table], after[table], table)

    def test_a_member_may_resize_but_not_migrate_or_list(self):
        member = self.cloud.client(token='demo:demo')
        server_id = self.boot(api=member).body['server']['id']
        self.api.wait_for_server(server_id)
        resp = member.action(server_id, 'migrate')
        self.assertEqual(403, resp.status, resp)
        self.assertIn('os_compute_api:os-migrate-server:migrate', resp.text)
        self.assertEqual(403, member.get('/os-migrations').status)
        self.assertEqual(202, member.action(
            server_id, 'resize', {'flavorRef': '2'}).status)
        member.wait_for_task(server_id, 'VERIFY_RESIZE')
        self.assertEqual(204, member.action(server_id,
                                            'confirmResize').status)
        self.assertEqual('2', member.wait_for_task(
            server_id, 'ACTIVE')['flavor']['id'])


class TestMigrate(ResizeTestBase):

    def test_cold_migrate_then_confirm(self):
        resp = self.act('migrate')
        self.assertEqual('', resp.text)
        server = self.api.wait_for_task(self.server_id, 'VERIFY_RESIZE')
        dest = self.other_host()
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('1', server['flavor']['id'])
        self.assertClaims({self.source: {self.migration_uuid(): '1'},
                           dest: {self.server_id: '1'}})
        migration = self.migration()
        self.assertEqual(migration['old_instance_type_id'],
                         migration['new_instance_type_id'])
        self.assertEqual([migration], self.migrations(
            migration_type='migration'))
        self.assertEqual([], self.migrations(migration_type='resize'))
        self.assertEqual([migration], self.migrations(host=dest))
        self.assertEqual('migrate', self.actions()[0]['action'])
        self.assertEqual({'migrations': []}, self.api.get(
            '/servers/%s/migrations' % self.server_id).body)
        server = self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])
        self.assertClaims({dest: {self.server_id: '1'}})

    def test_migrate_host_is_refused_before_2_56(self):
        resp = self.act('migrate', {'host': self.other_host()}, expect=400)
        self.assertIn('2.56', resp.text)

    def test_migrate_to_a_named_host_at_2_56(self):
        api = self.cloud.client(microversion='2.56')
        self.act('migrate', {'host': self.other_host()}, api=api)
        server = self.api.wait_for_task(self.server_id, 'VERIFY_RESIZE')
        self.assertEqual(self.other_host(), server['OS-EXT-SRV-ATTR:host'])

    def test_a_named_host_the_filters_refuse_is_no_valid_host(self):
        # As Nova's requested destination: not forced, the filters judge
        # it (here ComputeFilter: its service is disabled).
        dest = self.other_host()
        self.assertEqual(200, self.api.put('/os-services/disable', {
            'host': dest, 'binary': 'minova-compute'}).status)
        api = self.cloud.client(microversion='2.56')
        self.act('migrate', {'host': dest}, api=api)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(self.source, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('error', self.migration()['status'])
        self.assertClaims({self.source: {self.server_id: '1'}})
        action, events = self.event_results()
        self.assertEqual({'cold_migrate': 'Error'}, events)
        event = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, action['request_id'])).body['instanceAction'][
            'events'][0]
        self.assertIn('NoValidHost', event['traceback'])
        self.assertIn('ComputeFilter', event['traceback'])


class TestAutoConfirm(ResizeTestBase):
    overrides = {'resize_confirm_window': 1}

    def test_resize_is_confirmed_after_the_window(self):
        self.act('resize', {'flavorRef': '2'})
        server = self.api.wait_for_server(self.server_id, ('ACTIVE',),
                                          timeout=20)
        self.assertEqual('2', server['flavor']['id'])
        self.assertEqual(self.other_host(), server['OS-EXT-SRV-ATTR:host'])
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual('confirmed', self.migration()['status'])
        self.assertClaims({self.other_host(): {self.server_id: '2'}})
        self.assertEqual(['confirmResize', 'resize', 'create'],
                         [a['action'] for a in self.actions()])


class TestNoValidHost(ResizeTestBase):
    overrides = {'all_in_one.compute_hosts': ['host1']}

    def test_server_stays_active_and_the_action_says_why(self):
        server = self.resize('2', expect_status='ACTIVE')
        self.assertEqual(('host1', '1'), (server['OS-EXT-SRV-ATTR:host'],
                                          server['flavor']['id']))
        self.assertClaims({'host1': {self.server_id: '1'}})
        self.assertEqual('error', self.migration()['status'])
        action, events = self.event_results()
        self.assertEqual(('resize', 'Error'),
                         (action['action'], action['message']))
        self.assertEqual({'cold_migrate': 'Error'}, events)
        event = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, action['request_id'])).body['instanceAction'][
            'events'][0]
        self.assertIn('NoValidHost', event['traceback'])
        # Nothing is left in flight: it can be resized again.
        self.resize('2', expect_status='ACTIVE')


class TestDestinationFailure(ResizeTestBase):
    overrides = {'fake_driver.fail_spawn_on_hosts': ['host2']}

    def test_server_is_back_on_the_source_with_a_fault(self):
        self.assertEqual('host1', self.source)  # host2 fails every spawn
        server = self.resize('2', expect_status='ACTIVE')
        self.assertEqual(('host1', '1', 1), (
            server['OS-EXT-SRV-ATTR:host'], server['flavor']['id'],
            server['OS-EXT-STS:power_state']))
        self.assertClaims({'host1': {self.server_id: '1'}})
        self.assertEqual('error', self.migration()['status'])
        action, events = self.event_results()
        self.assertEqual('Error', action['message'])
        self.assertEqual('Error', events['compute_finish_resize'])
        self.assertEqual('Success', events['compute_finish_revert_resize'])
        with session.reader() as s:
            fault = s.query(models.InstanceFault).filter_by(
                instance_uuid=self.server_id).order_by(
                models.InstanceFault.id.desc()).first()
        self.assertIn('fail_spawn_on_hosts', fault.message)
        self.assertEqual('host2', fault.host)


class TestComputeDiesMidResize(ResizeTestBase):
    overrides = dict(test_stuck_api.FAST)

    def test_a_move_whose_destination_died_ends_on_the_source(self):
        # The source handed the guest over; the destination dies before it
        # takes it (its finish_resize is never consumed).
        self.useFixture(fixtures.MockPatchObject(
            compute_rpcapi.ComputeAPI, 'finish_resize'))
        dest = self.other_host()
        self.act('resize', {'flavorRef': '2'})
        self.wait_for_task_state('resize_migrated')
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute' and \
                    service.host == dest:
                service.stop()
        server = self.api.wait_for_task(self.server_id, 'ACTIVE', timeout=40)
        self.assertEqual((self.source, '1'), (
            server['OS-EXT-SRV-ATTR:host'], server['flavor']['id']))
        self.assertClaims({self.source: {self.server_id: '1'}})
        self.assertEqual('error', self.migration()['status'])
        with session.reader() as s:
            fault = s.query(models.InstanceFault).filter_by(
                instance_uuid=self.server_id).one()
        self.assertIn('Task resize_migrated made no progress', fault.message)
        self.assertIn('host %s of its move is down' % dest, fault.message)


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestResizeOnLibvirt(ResizeTestBase):
    """Resize-confirm and revert on libvirt's test hypervisor: the domain
    follows the flavor, and only one domain of the server is defined."""
    overrides = {'compute_driver': 'libvirt.LibvirtDriver',
                 'libvirt.connection_uri': 'test:///default'}

    def domain(self):
        conn = libvirt.open('test:///default')
        self.addCleanup(conn.close)
        return conn.lookupByUUIDString(self.server_id)

    def test_resize_revert_then_confirm(self):
        self.resize('2')
        domain = self.domain()
        self.assertEqual((1, 2048 * 1024), (domain.isActive(),
                                            domain.maxMemory()))
        server = self.act_and_wait('revertResize', 'ACTIVE')
        self.assertEqual(self.source, server['OS-EXT-SRV-ATTR:host'])
        domain = self.domain()
        self.assertEqual((1, 512 * 1024), (domain.isActive(),
                                           domain.maxMemory()))
        self.assertClaims({self.source: {self.server_id: '1'}})
        self.resize('3')
        self.act_and_wait('confirmResize', 'ACTIVE')
        domain = self.domain()
        self.assertEqual((1, 4096 * 1024, 2), (
            domain.isActive(), domain.maxMemory(), domain.maxVcpus()))
        self.assertClaims({self.other_host(): {self.server_id: '3'}})


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestResizeWithVolumeOnLibvirt(TestResizeOnLibvirt):
    """A server with a volume moves with it: each host's domain has the
    volume's disk, and its attachment names the host that has it."""

    def setUp(self):
        super().setUp()
        resp = self.api.post('/servers', {'server': {
            'name': 'with-volume', 'flavorRef': '1',
            'imageRef': self.cloud.image_id,
            'block_device_mapping_v2': [
                {'boot_index': 0, 'uuid': self.cloud.image_id,
                 'source_type': 'image', 'destination_type': 'local'},
                {'boot_index': -1, 'source_type': 'blank',
                 'destination_type': 'volume', 'volume_size': 1,
                 'delete_on_termination': True}]}})
        self.assertEqual(202, resp.status, resp)
        self.server_id = resp.body['server']['id']
        self.server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.source = self.server['OS-EXT-SRV-ATTR:host']
        [attached] = self.server['os-extended-volumes:volumes_attached']
        self.volume_id = attached['id']

    def volume_disks(self):
        """The volume's disk in the server's domain: its source file."""
        xml = self.domain().XMLDesc(0)
        return [line.strip() for line in xml.splitlines()
                if '<source ' in line and self.volume_id in line]

    def connector_host(self):
        """The host the volume's attachment is connected to."""
        with session.reader() as s:
            [row] = s.query(models.VolumeAttachment).filter_by(
                volume_id=self.volume_id, instance_uuid=self.server_id)
            self.assertEqual('attached', row.status)
            return json.loads(row.connector)['host']

    def assertVolumeOn(self, host):
        self.assertEqual(host, self.connector_host())
        self.assertEqual(1, len(self.volume_disks()))

    def test_resize_revert_then_confirm(self):
        self.assertVolumeOn(self.source)
        self.resize('2')
        self.assertVolumeOn(self.other_host())
        self.act_and_wait('revertResize', 'ACTIVE')
        self.assertVolumeOn(self.source)
        self.resize('2')
        self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertVolumeOn(self.other_host())
        self.assertEqual(1, self.domain().isActive())
