"""One request, followed: the request id the API answers is the id under
which every service that handled the request logged, and its instance
action's."""

import logging
import time

import testtools

from minova.tests.functional import fixtures as func_fixtures
from minova.tests.unit.compute import fixtures as compute_fixtures


# Where each service logs; the api's own lines include its access log.
LOGGERS = dict(compute_fixtures.SERVICE_LOGGERS, api='minova.api')


class TestRequestIdFollowsTheRequest(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.logs = compute_fixtures.RequestIdHandler()
        root = logging.getLogger('minova')
        previous = root.level
        root.setLevel(logging.DEBUG)
        root.addHandler(self.logs)
        self.addCleanup(root.removeHandler, self.logs)
        self.addCleanup(root.setLevel, previous)
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.api = self.cloud.api

    def _request_id(self, response):
        request_id = response.headers['x-openstack-request-id']
        self.assertEqual(request_id, response.headers['x-compute-request-id'])
        return request_id

    def _assert_logged_by(self, request_id, services):
        for service in services:
            prefix = LOGGERS[service]
            self.assertIn(request_id, self.logs.request_ids(prefix),
                          '%s logged nothing under %s' % (service, request_id))

    def _wait(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        self.fail('timed out')

    def test_boot_and_delete(self):
        resp = self.api.post('/servers', {'server': {
            'name': 'traced', 'flavorRef': '1',
            'imageRef': self.cloud.image_id}})
        self.assertEqual(202, resp.status, resp)
        boot_id = self._request_id(resp)
        server_id = resp.body['server']['id']
        self._wait(lambda: self.api.get('/servers/%s' % server_id)
                   .body['server']['status'] == 'ACTIVE')
        self._assert_logged_by(boot_id, ('api', 'conductor', 'scheduler',
                                         'compute'))

        resp = self.api.delete('/servers/%s' % server_id)
        self.assertEqual(204, resp.status, resp)
        delete_id = self._request_id(resp)
        self.assertNotEqual(boot_id, delete_id)
        self._wait(lambda: self.api.get('/servers/%s' % server_id)
                   .status == 404)
        self._assert_logged_by(delete_id, ('api', 'compute'))

        actions = self.api.get('/servers/%s/os-instance-actions' % server_id)
        if actions.status == 200:
            self.assertEqual(
                {('create', boot_id), ('delete', delete_id)},
                {(a['action'], a['request_id'])
                 for a in actions.body['instanceActions']})
