"""Every answer carries its request id, and the context carries it too."""

import re

from oslo_context import context
import testtools
import webob

from minova.api.middleware import request_id
from minova.tests.unit.api import fakes

REQ_ID = re.compile(r'^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                    r'[0-9a-f]{12}$')


class TestRequestId(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)

    def test_both_headers_on_every_kind_of_answer(self):
        for path, token in [('/', None), ('/v2.1/', None), ('/v3', None),
                            ('/v2.1/whoami', 'a:b'), ('/v2.1/whoami', None),
                            ('/v2.1/nowhere', 'a:b'),
                            ('/v2.1/errors/unexpected', 'a:b')]:
            resp = fakes.request(self.app, path, token=token)
            request_id = resp.headers['x-openstack-request-id']
            self.assertRegex(request_id, REQ_ID)
            self.assertEqual(request_id, resp.headers['x-compute-request-id'])

    def test_each_request_gets_its_own_id(self):
        ids = {fakes.request(self.app, '/v2.1/').headers[
            'x-openstack-request-id'] for _ in range(3)}
        self.assertEqual(3, len(ids))

    def test_context_carries_the_request_id(self):
        resp = fakes.request(self.app, '/v2.1/whoami')
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         resp.json['request_id'])

    def test_a_request_without_a_caller_logs_with_its_own_id(self):
        # The thread's stored context is what oslo.log prints: after an
        # authenticated request, a request to the version document (no
        # auth) must not log with the earlier request's id.
        first = fakes.request(self.app, '/v2.1/whoami', token='a:b')
        self.assertEqual(first.headers['x-openstack-request-id'],
                         context.get_current().request_id)
        second = fakes.request(self.app, '/')
        current = context.get_current()
        self.assertEqual(second.headers['x-openstack-request-id'],
                         current.request_id)
        self.assertIsNone(current.user_id)

    def test_a_callers_global_request_id_is_kept(self):
        global_id = 'req-12345678-1234-1234-1234-123456789abc'
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'X-OpenStack-Request-ID': global_id})
        self.assertEqual(global_id, resp.json['global_request_id'])
        self.assertNotEqual(global_id, resp.json['request_id'])

    def test_a_malformed_global_request_id_is_dropped(self):
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'X-OpenStack-Request-ID': 'not-an-id'})
        self.assertIsNone(resp.json['global_request_id'])

    def test_an_id_header_the_application_set_is_kept(self):
        def app(environ, start_response):
            start_response('200 OK', [('X-Compute-Request-Id', 'mine')])
            return [environ[request_id.ENV_REQUEST_ID].encode()]

        resp = webob.Request.blank('/').get_response(
            request_id.RequestIdMiddleware(app))
        self.assertEqual(['mine'],
                         resp.headers.getall('x-compute-request-id'))
        self.assertEqual(resp.body.decode(),
                         resp.headers['x-openstack-request-id'])
