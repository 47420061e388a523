"""What a handler raises becomes Nova's fault body; never a traceback."""

import logging
from unittest import mock

import fixtures
import testtools
import webob

from minova.api.middleware import fault_wrapper
from minova.api.openstack import faults
from minova import exception
from minova.tests.unit.api import fakes


class TestFaultNames(testtools.TestCase):
    def test_novas_names_per_code(self):
        expected = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
                    404: 'itemNotFound', 405: 'badMethod',
                    409: 'conflictingRequest', 413: 'overLimit',
                    415: 'badMediaType', 429: 'overLimit',
                    501: 'notImplemented', 503: 'serviceUnavailable',
                    406: 'computeFault', 500: 'computeFault'}
        for code, name in expected.items():
            self.assertEqual(name, faults.fault_name(code), code)

    def test_retry_after_goes_into_the_body_of_429(self):
        resp = faults.fault_response(429, 'slow down', {'Retry-After': '5'})
        self.assertEqual({'overLimit': {'code': 429, 'message': 'slow down',
                                        'retryAfter': '5'}}, resp.json)
        self.assertEqual('5', resp.headers['Retry-After'])


class TestFaultWrapper(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.log = self.useFixture(fixtures.FakeLogger(level=logging.DEBUG))
        self.app, _ = fakes.make_app(self)

    def _get(self, path):
        return fakes.request(self.app, '/v2.1/errors/' + path)

    def test_not_found(self):
        resp = self._get('not-found')
        self.assertEqual(404, resp.status_int)
        self.assertEqual({'itemNotFound': {
            'code': 404, 'message': 'Instance abc could not be found.'}},
            resp.json)

    def test_conflict(self):
        resp = self._get('conflict')
        self.assertEqual(409, resp.status_int)
        self.assertEqual(
            "Cannot 'stop' instance abc while it is in vm_state stopped",
            resp.json['conflictingRequest']['message'])

    def test_forbidden(self):
        resp = self._get('forbidden')
        self.assertEqual({'forbidden': {
            'code': 403, 'message': 'Policy does not allow this action.'}},
            resp.json)

    def test_webob_exception_keeps_its_explanation(self):
        resp = self._get('webob')
        self.assertEqual({'conflictingRequest': {
            'code': 409, 'message': 'Busy, try later.'}}, resp.json)

    def test_raised_redirect_is_sent_as_it_is(self):
        resp = self._get('redirect')
        self.assertEqual(302, resp.status_int)
        self.assertEqual('http://localhost/v2.1/whoami',
                         resp.headers['Location'])

    def test_unexpected_error_is_500_with_request_id_and_no_traceback(self):
        resp = self._get('unexpected')
        self.assertEqual(500, resp.status_int)
        request_id = resp.headers['x-openstack-request-id']
        message = resp.json['computeFault']['message']
        self.assertIn(request_id, message)
        self.assertNotIn('secret internal detail', resp.text)
        self.assertNotIn('Traceback', resp.text)
        self.assertEqual('application/json', resp.content_type)
        # The log has the rest, under the same request id.
        self.assertIn('Traceback', self.log.output)
        self.assertIn('secret internal detail', self.log.output)
        self.assertIn(request_id, self.log.output)

    def test_server_side_minova_error_hides_its_message(self):
        resp = self._get('server-side')
        self.assertEqual(500, resp.status_int)
        self.assertNotIn('pw@db', resp.text)
        self.assertIn(resp.headers['x-openstack-request-id'],
                      resp.json['computeFault']['message'])


class TestFaultAfterTheAnswerStarted(testtools.TestCase):
    """An application that starts its answer and then fails: the fault
    replaces the answer, with exc_info as PEP 3333 asks."""

    def test_fault_is_started_with_exc_info(self):
        def app(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            raise exception.InstanceNotFound(instance_id='abc')

        calls = []

        def start_response(status, headers, exc_info=None):
            calls.append((status, exc_info))

        body = b''.join(fault_wrapper.FaultWrapper(app)(
            webob.Request.blank('/').environ, start_response))
        self.assertEqual([('200 OK', None), ('404 Not Found', mock.ANY)],
                         calls)
        self.assertIs(exception.InstanceNotFound, calls[1][1][0])
        self.assertIn(b'itemNotFound', body)

    def test_fault_before_the_answer_has_no_exc_info(self):
        def app(environ, start_response):
            raise exception.InstanceNotFound(instance_id='abc')

        calls = []
        fault_wrapper.FaultWrapper(app)(
            webob.Request.blank('/').environ,
            lambda status, headers, exc_info=None: calls.append(exc_info))
        self.assertEqual([None], calls)
