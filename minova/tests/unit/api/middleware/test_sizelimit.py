"""Request bodies are capped ([oslo_middleware] max_request_body_size) on
every pipeline, with Nova's overLimit fault, chunked bodies too."""

import io

import testtools
import webob

from minova.tests.unit.api import fakes

LIMIT = 1024


def _chunked(path, body, token='demo:demo'):
    """A request whose body has no Content-Length, as a WSGI server passes
    a chunked body on (the length unknown, the stream terminated)."""
    req = webob.Request.blank(path, method='POST', headers={
        'X-Auth-Token': token, 'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked'})
    req.environ['wsgi.input'] = io.BytesIO(body)
    req.environ['wsgi.input_terminated'] = True
    req.environ.pop('CONTENT_LENGTH', None)
    return req


class TestRequestBodySizeLimit(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(
            self, **{'oslo_middleware.max_request_body_size': LIMIT})

    def _body(self, size):
        """A JSON body of exactly ``size`` bytes."""
        body = b'{"x": ""}'
        return body[:-2] + b'a' * (size - len(body)) + body[-2:]

    def assertOverLimit(self, resp):
        self.assertEqual(413, resp.status_int, resp.text)
        self.assertEqual('application/json', resp.content_type)
        self.assertEqual({'overLimit': {
            'code': 413,
            'message': 'Request is too large: the body is larger than '
                       '[oslo_middleware] max_request_body_size (1024 '
                       'bytes).'}}, resp.json)
        self.assertIn('x-openstack-request-id', resp.headers)

    def test_body_at_the_limit_is_read(self):
        resp = fakes.request(self.app, '/v2.1/echo', method='POST',
                             body=self._body(LIMIT),
                             content_type='application/json')
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual(LIMIT - 9, len(resp.json['body']['x']))

    def test_larger_content_length_is_413_on_every_pipeline(self):
        for path in ('/v2.1/echo', '/v2.1', '/'):
            resp = fakes.request(self.app, path, method='POST',
                                 body=self._body(LIMIT + 1),
                                 content_type='application/json')
            self.assertOverLimit(resp)

    def test_larger_body_is_413_before_auth(self):
        resp = fakes.request(self.app, '/v2.1/echo', method='POST',
                             token=None, body=self._body(LIMIT + 1),
                             content_type='application/json')
        self.assertOverLimit(resp)

    def test_chunked_body_over_the_limit_is_413(self):
        resp = _chunked('/v2.1/echo', self._body(10 * LIMIT)).get_response(
            self.app)
        self.assertOverLimit(resp)

    def test_chunked_body_under_the_limit_is_read(self):
        resp = _chunked('/v2.1/echo', b'{"a": 1}').get_response(self.app)
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual({'body': {'a': 1}}, resp.json)

    def test_default_limit_is_novas(self):
        _, conf = fakes.make_app(self)
        self.assertEqual(114688,
                         conf.oslo_middleware.max_request_body_size)
