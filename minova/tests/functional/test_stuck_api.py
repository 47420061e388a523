"""Nothing stuck, over HTTP on the all-in-one: a build whose scheduling was
lost, an action or a delete whose compute died, each ends in a stable
state (the conductor's ``_end_stuck_instances``, and the api's delete of a
server whose compute is down)."""

import time

import fixtures

from minova.conductor import api as conductor_api
from minova.tests.functional import test_servers_api

FAST = {'conductor.stuck_task_timeout': 1,
        'conductor.stuck_instance_check_interval': 1,
        'service_down_time': 3,
        'filter_scheduler.host_state_reload_interval': 1}


class StuckTestBase(test_servers_api.ServersTestBase):
    overrides = dict(FAST, **{'all_in_one.compute_hosts': ['host1']})

    def stop_compute(self):
        """host1's compute dies: no heartbeat, nobody consumes its casts."""
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute':
                service.stop()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            [service] = [s for s in self.api.get('/os-services').body[
                'services'] if s['binary'] == 'minova-compute']
            if service['state'] == 'down':
                return
            time.sleep(0.2)
        self.fail('the compute never showed down')

    def wait_status(self, server_id, status, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            resp = self.api.get('/servers/%s' % server_id)
            if resp.status == 404 and status == 'DELETED':
                return None
            server = resp.body['server']
            if server['status'] == status and \
                    server['OS-EXT-STS:task_state'] is None:
                return server
            time.sleep(0.1)
        self.fail('server %s not %s' % (server_id, status))

    def events(self, server_id, action):
        actions = self.api.get('/servers/%s/os-instance-actions' %
                               server_id).body['instanceActions']
        request_id = [a for a in actions if a['action'] == action][0][
            'request_id']
        return self.api.get('/servers/%s/os-instance-actions/%s' % (
            server_id, request_id)).body['instanceAction']['events']


class TestLostScheduling(StuckTestBase):

    def test_a_build_whose_scheduling_was_lost_ends_in_error(self):
        # The cast to the conductor is lost (a conductor killed, a bus
        # restarted): nobody will ever schedule it.
        self.useFixture(fixtures.MockPatchObject(
            conductor_api.ComputeTaskAPI, 'schedule_and_build_instances'))
        server_id = self.boot().body['server']['id']
        server = self.wait_status(server_id, 'ERROR')
        self.assertIn('Task scheduling made no progress', server['fault'][
            'message'])
        self.assertIn('no compute took it: its scheduling was lost',
                      server['fault']['message'])
        self.assertEqual(['Error'], [e['result'] for e in self.events(
            server_id, 'create') if e['event'] == 'conductor_end_stuck_task'])
        self.assertEqual([], self.api.get('/servers/%s/ips' % server_id)
                         .body['addresses'].get('private', []))
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server_id).status)
        self.wait_status(server_id, 'DELETED')


class TestComputeDown(StuckTestBase):

    def test_an_action_on_a_dead_compute_ends_without_a_task(self):
        server = self.boot_and_wait()
        self.stop_compute()
        self.assertEqual(202, self.api.action(server['id'], 'os-stop').status)
        self.wait_status(server['id'], 'ACTIVE')
        [event] = [e for e in self.events(server['id'], 'stop')
                   if e['event'] == 'conductor_end_stuck_task']
        self.assertEqual('Error', event['result'])
        self.assertIn('Task powering-off made no progress', event[
            'traceback'])
        self.assertIn('its host host1 is down', event['traceback'])

    def test_a_delete_on_a_dead_compute_is_done_by_the_api(self):
        server = self.boot_and_wait()
        self.stop_compute()
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server['id']).status)
        self.assertEqual(404, self.api.get(
            '/servers/%s' % server['id']).status)


class TestDeleteAgain(StuckTestBase):
    # No periodic help: the second DELETE alone must finish it.
    overrides = dict(StuckTestBase.overrides, **{
        'conductor.stuck_instance_check_interval': -1})

    def test_a_delete_lost_with_its_compute_is_finished_by_another(self):
        server = self.boot_and_wait()
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute':
                service.stop()
        # Still reported up: the delete is cast to a compute that is gone.
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server['id']).status)
        self.assertEqual('deleting', self.api.get(
            '/servers/%s' % server['id']).body['server'][
                'OS-EXT-STS:task_state'])
        self.stop_compute()
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server['id']).status)
        self.assertEqual(404, self.api.get(
            '/servers/%s' % server['id']).status)


class TestSlowIsNotStuck(StuckTestBase):
    overrides = dict(StuckTestBase.overrides, **{
        'fake_driver.spawn_delay': 3})

    def test_a_slow_build_on_a_live_compute_is_left_alone(self):
        # Its task does not change for 3 s (> stuck_task_timeout), but its
        # compute is up: the compute owns it.
        server = self.boot_and_wait()
        self.assertEqual([], [e for e in self.events(server['id'], 'create')
                              if e['event'] == 'conductor_end_stuck_task'])
