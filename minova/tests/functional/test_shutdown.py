"""A stop is bounded: ``minova-all`` sent SIGTERM exits within
``graceful_shutdown_timeout`` even while a request is still running (a
spawn that takes a minute), and at once when nothing runs."""

import os
import signal
import time

import fixtures
import testtools
from testtools import content

from minova.tests.integration import fixtures as cloud_fixtures

GRACE = 3


class TestBoundedShutdown(testtools.TestCase):

    def setUp(self):
        super().setUp()
        tmp = self.useFixture(fixtures.TempDir()).path
        self.port = cloud_fixtures.free_port()
        config = os.path.join(tmp, 'minova.conf')
        with open(config, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\n'
                    'osapi_compute_listen = 127.0.0.1\n'
                    'osapi_compute_listen_port = %d\n'
                    'graceful_shutdown_timeout = %d\n'
                    '[api]\nauth_strategy = noauth2\n'
                    '[fake_driver]\nspawn_delay = 60\n'
                    % (tmp, self.port, GRACE))
        self.service = cloud_fixtures.ServiceProcess(
            'minova-all', config, os.path.join(tmp, 'minova-all.log')).start()
        self.addCleanup(self.service.stop)
        self.addDetail('minova-all.log', content.Content(
            content.UTF8_TEXT, lambda: [self.service.log().encode()]))
        # Serving, and its signal handlers in place.
        if not cloud_fixtures.wait_until(
                lambda: 'Started; SIGTERM or SIGINT stops it' in
                self.service.log(), 60):
            self.fail('minova-all did not start')

    def _request(self, method, path, body=None):
        return cloud_fixtures.compute_request(self.port, method, path, body)

    def _stop_time(self):
        start = time.monotonic()
        self.service.send(signal.SIGTERM)
        status = self.service.wait(60)
        self.assertIsNotNone(status, 'still running 60 s after SIGTERM')
        return status, time.monotonic() - start

    def test_a_long_request_does_not_hold_the_exit(self):
        image = self._request('GET', '/images')['images'][0]['id']
        server = self._request('POST', '/servers', {'server': {
            'name': 'slow', 'imageRef': image, 'flavorRef': '1'}})['server']

        def spawning():
            return self._request('GET', '/servers/%s' % server['id'])[
                'server']['OS-EXT-STS:task_state'] == 'spawning'
        self.assertTrue(cloud_fixtures.wait_until(spawning, 30))
        status, took = self._stop_time()
        self.assertEqual(1, status)
        self.assertLess(took, GRACE + 5)
        self.assertIn('Not stopped within graceful_shutdown_timeout',
                      self.service.log())

    def test_an_idle_service_stops_at_once(self):
        status, took = self._stop_time()
        self.assertEqual(0, status)
        self.assertLess(took, GRACE)
