"""Shelve, shelveOffload and unshelve over HTTP on an in-process
all-in-one with the fake driver: the snapshot image, the freed host, the
periodic offload, an unshelve onto another host, and failures."""

import time

from minova import context
from minova.db import allocations
from minova.image import api as image_api
from minova.tests.functional import test_aggregates_api
from minova.tests.functional import test_server_actions_api


class ShelveTestBase(test_server_actions_api.ActionsTestBase):
    # Unshelve takes an availability zone from 2.77 on.
    ceiling = '2.77'

    def setUp(self):
        super().setUp()
        self.api277 = self.cloud.client(microversion='2.77')

    def shelved_image(self, name='server-shelved'):
        found = [i for i in self.api.get('/images/detail').body['images']
                 if i['name'] == name]
        return found[0] if found else None

    def unshelve_failure(self):
        """The failed unshelve's action (marked Error) and the traceback
        of its conductor event (admins see it); the fault, a server that
        is not in ERROR does not show (as in Nova)."""
        action = self.actions()[0]
        self.assertEqual(('unshelve', 'Error'),
                         (action['action'], action['message']))
        (event,) = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, action['request_id'])).body['instanceAction'][
            'events']
        self.assertEqual(('conductor_unshelve_instance', 'Error'),
                         (event['event'], event['result']))
        return event['traceback']

    def set_compute(self, host, status):
        resp = self.api.put('/os-services/%s' % status, {
            'host': host, 'binary': 'minova-compute'})
        self.assertEqual(200, resp.status, resp)

    def boot_and_wait(self, status='ACTIVE', **kwargs):
        kwargs.setdefault('name', 'server')
        return super().boot_and_wait(status, **kwargs)


class TestShelveOffloadAtOnce(ShelveTestBase):
    """``shelved_offload_time = 0`` (the default): offloaded at once."""

    def test_shelve_offloads_then_unshelve_comes_back(self):
        addresses = self.server['addresses']
        server = self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        self.assertIsNone(server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(0, server['OS-EXT-STS:power_state'])
        self.assertEqual(addresses, server['addresses'])
        self.assertEqual({}, allocations.get_by_consumer(self.server_id))
        image = self.shelved_image()
        self.assertEqual('ACTIVE', image['status'])
        self.assertEqual(self.server_id, image['metadata']['instance_uuid'])

        server = self.act_and_wait('unshelve', 'ACTIVE')
        self.assertIn(server['OS-EXT-SRV-ATTR:host'], ('host1', 'host2'))
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertEqual(addresses, server['addresses'])
        self.assertTrue(allocations.get_by_consumer(self.server_id))
        self.assertIsNone(self.shelved_image())
        actions = self.actions()
        self.assertEqual(['unshelve', 'shelve', 'create'],
                         [a['action'] for a in actions])
        events = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, actions[1]['request_id'])).body[
            'instanceAction']['events']
        self.assertEqual(
            {('compute_shelve_instance', 'Success'),
             ('compute_shelve_offload_instance', 'Success')},
            {(e['event'], e['result']) for e in events})
        events = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, actions[0]['request_id'])).body[
            'instanceAction']['events']
        self.assertEqual(
            {('conductor_unshelve_instance', 'Success'),
             ('compute_unshelve_instance', 'Success')},
            {(e['event'], e['result']) for e in events})

    def test_deleting_an_offloaded_server_deletes_its_snapshot(self):
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        self.assertIsNotNone(self.shelved_image())
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)
        self.assertIsNone(self.shelved_image())

    def test_shelve_a_stopped_server(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        self.act_and_wait('unshelve', 'ACTIVE')

    def test_refusals(self):
        self.act('unshelve', expect=409)
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        for name in ('shelve', 'os-stop', 'pause', 'shelveOffload',
                     'createImage'):
            args = {'name': 'x'} if name == 'createImage' else None
            resp = self.act(name, args, expect=409)
            self.assertIn('vm_state shelved_offloaded', resp.text)
        resp = self.act('unshelve', {'availability_zone': 'nowhere'},
                        api=self.api277, expect=400)
        self.assertIn('nowhere', resp.text)
        resp = self.act('unshelve', {'zone': 'nova'}, api=self.api277,
                        expect=400)
        self.assertIn('zone', resp.text)

    def test_no_valid_host_leaves_it_offloaded_with_a_fault(self):
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        for host in ('host1', 'host2'):
            self.set_compute(host, 'disable')
        server = self.act_and_wait('unshelve', 'SHELVED_OFFLOADED')
        self.assertIsNone(server['OS-EXT-SRV-ATTR:host'])
        self.assertIn('No valid host', self.unshelve_failure())
        self.assertEqual({}, allocations.get_by_consumer(self.server_id))
        self.assertEqual('ACTIVE', self.shelved_image()['status'])
        self.set_compute('host1', 'enable')
        self.act_and_wait('unshelve', 'ACTIVE')

    def test_a_lost_snapshot_image_fails_the_unshelve_cleanly(self):
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        image_api.load(self.cloud.conf).delete(
            context.get_admin_context(), self.shelved_image()['id'])
        self.act_and_wait('unshelve', 'SHELVED_OFFLOADED')
        self.assertIn('its snapshot image', self.unshelve_failure())


class TestShelveKept(ShelveTestBase):
    """``shelved_offload_time = -1``: shelved servers keep their host."""
    overrides = {'shelved_offload_time': -1}

    def test_shelved_keeps_its_host_until_offloaded(self):
        host = self.server['OS-EXT-SRV-ATTR:host']
        server = self.act_and_wait('shelve', 'SHELVED')
        self.assertEqual(host, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        self.assertTrue(allocations.get_by_consumer(self.server_id))
        server = self.act_and_wait('shelveOffload', 'SHELVED_OFFLOADED')
        self.assertIsNone(server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual({}, allocations.get_by_consumer(self.server_id))

    def test_unshelve_of_a_shelved_server_powers_it_on_in_place(self):
        host = self.server['OS-EXT-SRV-ATTR:host']
        self.act_and_wait('shelve', 'SHELVED')
        resp = self.act('unshelve', {'availability_zone': 'nova'},
                        api=self.api277, expect=409)
        self.assertIn('shelved_offloaded', resp.text)
        server = self.act_and_wait('unshelve', 'ACTIVE')
        self.assertEqual(host, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertIsNone(self.shelved_image())


class TestPeriodicOffload(ShelveTestBase):
    overrides = {'shelved_offload_time': 1, 'shelved_poll_interval': 1}

    def test_the_periodic_task_offloads_after_the_offload_time(self):
        server = self.act_and_wait('shelve', 'SHELVED')
        self.assertIsNotNone(server['OS-EXT-SRV-ATTR:host'])
        deadline = time.monotonic() + 20
        while server['status'] != 'SHELVED_OFFLOADED':
            self.assertLess(time.monotonic(), deadline, server)
            time.sleep(0.2)
            server = self.api.wait_for_task(self.server_id)
        self.assertIsNone(server['OS-EXT-SRV-ATTR:host'])


class TestUnshelveElsewhere(test_aggregates_api.AggregatesTestBase,
                            ShelveTestBase):

    def test_unshelve_into_another_zone_lands_on_another_host(self):
        self.aggregate('rack2', 'az2', hosts=['host2'])
        self.aggregate('rack1', 'az1', hosts=['host1', 'host3'])
        server = self.boot_and_wait(name='mover', availability_zone='az1')
        self.server_id = server['id']
        self.assertIn(server['OS-EXT-SRV-ATTR:host'], ('host1', 'host3'))
        self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        server = self.act_and_wait('unshelve', 'ACTIVE',
                                   {'availability_zone': 'az2'},
                                   api=self.api277)
        self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual('az2', server['OS-EXT-AZ:availability_zone'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
