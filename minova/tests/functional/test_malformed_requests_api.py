"""Bytes no client library would send, on a real socket: a URL that is not
UTF-8, lone UTF-16 surrogates, ids and numbers beyond their columns (the
bodies' other traps: test_bad_bytes_api). Each
is a 4xx in Nova's fault shape that names the problem, and writes nothing
(each once was a 500, the URL ones in plain text)."""

import json
import socket

import testtools

from minova.tests.functional import fixtures as func_fixtures


class TestMalformedRequests(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))

    def send(self, request_line, body=None):
        """One raw request; ``(status, decoded JSON body)``."""
        head = request_line + (b'\r\nHost: x\r\nX-Auth-Token: admin:admin'
                               b'\r\nConnection: close\r\n')
        if body is not None:
            head += (b'Content-Type: application/json\r\nContent-Length: '
                     b'%d\r\n' % len(body))
        with socket.create_connection(('127.0.0.1', self.cloud.port),
                                      timeout=30) as sock:
            sock.sendall(head + b'\r\n' + (body or b''))
            data = b''
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, payload = data.partition(b'\r\n\r\n')
        return int(head.split()[1]), json.loads(payload)

    def assertBadRequest(self, words, request_line, body=None):
        before = self.cloud.count_rows()
        status, fault = self.send(request_line, body)
        self.assertEqual(400, status, fault)
        self.assertEqual(['badRequest'], list(fault))
        self.assertEqual(400, fault['badRequest']['code'])
        self.assertIn(words, fault['badRequest']['message'])
        self.assertEqual(before, self.cloud.count_rows())

    def test_a_url_that_is_not_utf8(self):
        for line, part in (
                (b'GET /v2.1/servers/%ff HTTP/1.1', 'path'),
                (b'GET /%ff HTTP/1.1', 'path'),
                (b'DELETE /v2.1/os-server-groups/%ff HTTP/1.1', 'path'),
                (b'GET /v2.1/flavors?%ff=1 HTTP/1.1', 'query string'),
                (b'GET /v2.1/servers?limit=%ed%a0%80 HTTP/1.1',
                 'query string'),
                (b'DELETE /v2.1/servers/%c3%28 HTTP/1.1', 'path'),
                (b'GET /volume/v3/volumes/%ff HTTP/1.1', 'path'),
                (b'GET /v2.1/servers?name=%ff%fe HTTP/1.1', 'query string')):
            self.assertBadRequest('its %s is not valid UTF-8' % part, line)
        # Raw bytes beyond ASCII in the request line: the HTTP server
        # itself refuses them.
        for line in (b'GET /v2.1/servers/\xff\xfe HTTP/1.1',
                     b'GET /v2.1/flavors/detail?\xff=\xfe HTTP/1.1'):
            self.assertBadRequest('Malformed Request-URI', line)

    def test_a_lone_surrogate_is_no_character(self):
        for line, body in (
                (b'POST /v2.1/os-volumes HTTP/1.1',
                 b'{"volume": {"size": 1, "display_name": "\\ud800"}}'),
                (b'POST /v2.1/flavors/1/os-extra_specs HTTP/1.1',
                 b'{"extra_specs": {"k": "a\\udfffb"}}'),
                (b'POST /volume/v3/volumes HTTP/1.1',
                 b'{"volume": {"size": 1, "name": "\\ud800"}}')):
            self.assertBadRequest('lone UTF-16 surrogate', line, body)
        # An escaped character is one.
        status, created = self.send(
            b'POST /v2.1/os-volumes HTTP/1.1',
            b'{"volume": {"size": 1, "display_name": "caf\\u00e9"}}')
        self.assertEqual((200, 'caf\u00e9'),
                         (status, created['volume']['displayName']))

    def test_ids_and_numbers_beyond_the_columns(self):
        big = b'9' * 30
        for line in (b'GET /v2.1/os-hypervisors/%s HTTP/1.1' % big,
                     b'GET /v2.1/os-aggregates/%s HTTP/1.1' % big):
            status, fault = self.send(line)
            self.assertEqual((404, ['itemNotFound']), (status, list(fault)))
        status, body = self.send(b'GET /v2.1/flavors?minRam=%s HTTP/1.1'
                                 % big)
        self.assertEqual((200, []), (status, body['flavors']))
        self.assertBadRequest(
            'ram must be <= 2147483647', b'POST /v2.1/flavors HTTP/1.1',
            b'{"flavor": {"name": "big", "ram": "%s", "vcpus": 1, '
            b'"disk": 1}}' % big)
