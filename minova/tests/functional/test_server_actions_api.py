"""The server life cycle over HTTP: POST /servers/{id}/action on an
in-process all-in-one with the fake driver (power actions, locks, the
state table's 409s, concurrent actions, instance actions and events)."""

from concurrent import futures

from minova.tests.functional import test_servers_api


class ActionsTestBase(test_servers_api.ServersTestBase):

    def setUp(self):
        super().setUp()
        self.server = self.boot_and_wait()
        self.server_id = self.server['id']

    def act(self, name, args=None, api=None, expect=None):
        resp = (api or self.api).action(self.server_id, name, args)
        if expect is None:
            # Nova's confirmResize answers 204, every other action 202.
            expect = 204 if name == 'confirmResize' else 202
        self.assertEqual(expect, resp.status, resp)
        return resp

    def act_and_wait(self, name, status, args=None, api=None):
        self.act(name, args, api=api)
        return self.api.wait_for_task(self.server_id, status)

    def actions(self):
        return self.api.get('/servers/%s/os-instance-actions'
                            % self.server_id).body['instanceActions']


class TestPowerActions(ActionsTestBase):
    # The fake hypervisor keeps a suspended guest as SUSPENDED; libvirt's
    # managed save leaves the domain off (as Nova's libvirt reports it).
    suspended_power_state = 7

    def test_stop_then_start(self):
        server = self.act_and_wait('os-stop', 'SHUTOFF')
        self.assertEqual('stopped', server['OS-EXT-STS:vm_state'])
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        server = self.act_and_wait('os-start', 'ACTIVE')
        self.assertEqual('active', server['OS-EXT-STS:vm_state'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])

    def test_pause_unpause_suspend_resume(self):
        server = self.act_and_wait('pause', 'PAUSED')
        self.assertEqual(('paused', 3), (server['OS-EXT-STS:vm_state'],
                                         server['OS-EXT-STS:power_state']))
        self.act_and_wait('unpause', 'ACTIVE')
        server = self.act_and_wait('suspend', 'SUSPENDED')
        self.assertEqual(('suspended', self.suspended_power_state), (
            server['OS-EXT-STS:vm_state'], server['OS-EXT-STS:power_state']))
        server = self.act_and_wait('resume', 'ACTIVE')
        self.assertEqual(1, server['OS-EXT-STS:power_state'])

    def test_soft_and_hard_reboot(self):
        self.act_and_wait('reboot', 'ACTIVE', {'type': 'SOFT'})
        self.act_and_wait('os-stop', 'SHUTOFF')
        # Only a hard reboot starts a stopped server.
        resp = self.act('reboot', {'type': 'SOFT'}, expect=409)
        self.assertIn("while it is in vm_state stopped", resp.text)
        server = self.act_and_wait('reboot', 'ACTIVE', {'type': 'hard'})
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertEqual(['reboot', 'stop', 'reboot', 'create'],
                         [a['action'] for a in self.actions()])

    def test_each_action_is_recorded_with_its_event(self):
        resp = self.act('os-stop')
        self.api.wait_for_task(self.server_id, 'SHUTOFF')
        request_id = resp.headers['x-openstack-request-id']
        action = self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, request_id)).body['instanceAction']
        self.assertEqual('stop', action['action'])
        (event,) = action['events']
        self.assertEqual('compute_stop_instance', event['event'])
        self.assertEqual('Success', event['result'])
        self.assertIsNotNone(event['finish_time'])


class TestRefusedActions(ActionsTestBase):

    def test_an_action_the_state_forbids_is_409_and_changes_nothing(self):
        before = self.cloud.count_rows()
        resp = self.act('os-start', expect=409)
        self.assertEqual(
            "Cannot 'start' instance %s while it is in vm_state active"
            % self.server_id, resp.body['conflictingRequest']['message'])
        for name in ('unpause', 'resume', 'unshelve', 'shelveOffload'):
            resp = self.act(name, expect=409)
            self.assertIn('vm_state active', resp.text)
        self.assertEqual(before, self.cloud.count_rows())
        server = self.api.get('/servers/%s' % self.server_id).body['server']
        self.assertIsNone(server['OS-EXT-STS:task_state'])
        self.assertEqual(['create'], [a['action'] for a in self.actions()])

    def test_unknown_action_is_400_naming_it(self):
        resp = self.act('os-fly', expect=400)
        self.assertIn('There is no such action: os-fly', resp.text)

    def test_malformed_bodies_are_400(self):
        resp = self.api.post('/servers/%s/action' % self.server_id,
                             raw_body=b'{"os-stop": ')
        self.assertEqual(400, resp.status, resp)
        resp = self.api.post('/servers/%s/action' % self.server_id,
                             {'os-stop': None, 'os-start': None})
        self.assertEqual(400, resp.status, resp)
        resp = self.act('reboot', {'type': 'GENTLE'}, expect=400)
        self.assertIn('field/attribute type. Value: GENTLE', resp.text)
        resp = self.act('reboot', None, expect=400)
        resp = self.act('os-stop', {'force': True}, expect=400)
        self.assertIn('force', resp.text)

    def test_another_projects_server_is_404(self):
        other = self.cloud.client(token='other:other')
        resp = self.act('os-stop', api=other, expect=404)
        self.assertIn(self.server_id, resp.text)

    def test_a_second_action_while_one_runs_is_409(self):
        with futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(
                lambda _: self.api.action(self.server_id, 'os-stop').status,
                range(8)))
        self.assertEqual(1, results.count(202), results)
        self.assertEqual(7, results.count(409), results)
        self.api.wait_for_task(self.server_id, 'SHUTOFF')
        self.assertEqual(['stop', 'create'],
                         [a['action'] for a in self.actions()])


class TestLock(ActionsTestBase):

    def setUp(self):
        super().setUp()
        self.owner = self.cloud.client(token='demo:demo')
        server = self.boot(api=self.owner).body['server']
        self.server_id = server['id']
        self.api.wait_for_server(self.server_id)

    def test_owner_locks_and_is_refused_then_unlocks(self):
        self.act('lock', api=self.owner)
        server = self.api.get('/servers/%s' % self.server_id).body['server']
        self.assertEqual('ACTIVE', server['status'])
        resp = self.act('os-stop', api=self.owner, expect=409)
        self.assertIn('Instance %s is locked' % self.server_id, resp.text)
        self.assertEqual(409, self.owner.delete(
            '/servers/%s' % self.server_id).status)
        self.act('unlock', api=self.owner)
        self.act_and_wait('os-stop', 'SHUTOFF', api=self.owner)
        self.assertEqual(['stop', 'unlock', 'lock', 'create'],
                         [a['action'] for a in self.actions()])

    def test_an_admin_acts_on_a_locked_server(self):
        self.act('lock', api=self.owner)
        self.act_and_wait('os-stop', 'SHUTOFF', api=self.api)

    def test_an_owner_cannot_unlock_an_admins_lock(self):
        self.act('lock', {'locked_reason': 'maintenance'}, api=self.api)
        resp = self.act('unlock', api=self.owner, expect=403)
        self.assertIn('locked by an administrator', resp.text)
        self.act('os-stop', api=self.owner, expect=409)
        self.act('unlock', api=self.api)
        self.act_and_wait('os-stop', 'SHUTOFF', api=self.owner)

    def test_lock_reason_must_be_a_short_string(self):
        resp = self.act('lock', {'locked_reason': 'x' * 256}, expect=400)
        self.assertIn('locked_reason', resp.text)


class TestActionsWithoutHost(test_servers_api.ServersTestBase):
    overrides = {'fake_driver.fail_spawn_on_hosts': ['host1', 'host2']}

    def test_a_server_in_error_without_a_host_is_409(self):
        server = self.boot_and_wait(status='ERROR')
        resp = self.api.action(server['id'], 'pause')
        self.assertEqual(409, resp.status, resp)
        self.assertIn('vm_state error', resp.text)
        # Stop is allowed in ERROR, but there is no guest to stop.
        resp = self.api.action(server['id'], 'os-stop')
        self.assertEqual(409, resp.status, resp)
        self.assertIn('has no host', resp.text)
