"""The API over real HTTP: minova.api.server in a thread, on a free port."""

import http.client
import json
import socket
import threading
import time

import testtools

from minova.api import server
from minova.api import wsgi
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api import fakes


class _Gate:
    """Handlers that wait for each other: proof that requests overlap."""

    def __init__(self, parties):
        self.barrier = threading.Barrier(parties, timeout=10)

    def wait(self, req):
        self.barrier.wait()
        return {'waited': True}


class ServerFixtureMixin:
    def start_server(self, routes=fakes.ROUTES, threads=8):
        app, self.conf = fakes.make_app(self, routes=routes)
        self.server = server.serve(app, '127.0.0.1', 0, threads=threads)
        self.server.start()
        self.addCleanup(self.server.stop)
        return self.server

    def connect(self):
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port,
                                          timeout=10)
        self.addCleanup(conn.close)
        return conn


class TestServer(ServerFixtureMixin, testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.start_server()

    def _get(self, conn, path, headers=None):
        conn.request('GET', path, headers=headers or {})
        resp = conn.getresponse()
        return resp, resp.read()

    def test_servers_share_a_socket_bound_before_them(self):
        # As minova-api's worker processes do: the socket is bound once,
        # each server accepts on it, and its accept() does not wait (with
        # cheroot's 1 s timeout, a server that lost a connection to the
        # other sat in accept() for up to a second, its own unserved).
        sock = server.listen('127.0.0.1', 0)
        port = sock.getsockname()[1]
        servers = [server.serve(fakes.make_app(self)[0], '127.0.0.1', 0,
                                sock=sock).start() for _ in range(2)]
        for srv in servers:
            self.addCleanup(srv.stop)
            self.assertEqual(port, srv.port)
        self.assertEqual(0, sock.gettimeout())
        for _ in range(10):
            conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
            self.addCleanup(conn.close)
            self.assertEqual(200, self._get(conn, '/')[0].status)

    def test_a_taken_port_fails_in_listen(self):
        sock = server.listen('127.0.0.1', 0)
        self.addCleanup(sock.close)
        self.assertRaises(OSError, server.listen, '127.0.0.1',
                          sock.getsockname()[1])

    def test_burst_of_connections_is_queued_not_reset(self):
        # Regression: a listen backlog of 5 reset clients of a busy
        # minova-api (200 concurrent boots over RabbitMQ). The kernel queues
        # connections before they are accepted: with the accepting thread
        # held up, all of a burst must still connect.
        idle = server.serve(fakes.make_app(self)[0], '127.0.0.1', 0)
        self.addCleanup(idle.stop)
        connected = 0
        for _ in range(32):
            client = socket.socket()
            self.addCleanup(client.close)
            client.settimeout(0.2)
            try:
                client.connect(('127.0.0.1', idle.port))
                connected += 1
            except OSError:
                pass
        self.assertEqual(32, connected)

    def test_port_zero_binds_a_free_port(self):
        self.assertGreater(self.server.port, 0)

    def test_version_document_over_http(self):
        resp, body = self._get(self.connect(), '/v2.1/')
        self.assertEqual(200, resp.status)
        document = json.loads(body)['version']
        self.assertEqual('http://127.0.0.1:%d/v2.1/' % self.server.port,
                         document['links'][0]['href'])
        self.assertEqual('compute 2.1', resp.getheader('OpenStack-API-Version'))
        self.assertEqual(resp.getheader('x-openstack-request-id'),
                         resp.getheader('x-compute-request-id'))

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = self.connect()
        self._get(conn, '/v2.1/')
        sock = conn.sock
        ids = set()
        for path in ('/', '/v2.1/whoami', '/v2.1/nowhere', '/v2.1/'):
            resp, _ = self._get(conn, path, {'X-Auth-Token': 'a:b'})
            self.assertIsNone(resp.getheader('Connection'))
            ids.add(resp.getheader('x-openstack-request-id'))
        self.assertIs(sock, conn.sock, 'the connection was reopened')
        self.assertEqual(4, len(ids))

    def test_unread_request_body_does_not_break_the_next_request(self):
        conn = self.connect()
        # 405 before the router reads the body: the server must skip it.
        conn.request('POST', '/v2.1/whoami', body=b'{"x": "%s"}' % (
            b'y' * 100000), headers={'X-Auth-Token': 'a:b',
                                     'Content-Type': 'application/json'})
        resp = conn.getresponse()
        self.assertEqual(405, resp.status)
        resp.read()
        resp, body = self._get(conn, '/v2.1/whoami', {'X-Auth-Token': 'a:b'})
        self.assertEqual(200, resp.status)
        self.assertEqual('a', json.loads(body)['user_id'])

    def test_chunked_request_body(self):
        conn = self.connect()
        conn.putrequest('PUT', '/v2.1/echo')
        conn.putheader('X-Auth-Token', 'a:b')
        conn.putheader('Content-Type', 'application/json')
        conn.putheader('Transfer-Encoding', 'chunked')
        conn.endheaders()
        conn.send(b'4\r\n{"a"\r\n4\r\n: 1}\r\n0\r\n\r\n')
        resp = conn.getresponse()
        self.assertEqual({'body': {'a': 1}}, json.loads(resp.read()))

    def test_connection_close_is_honoured(self):
        conn = self.connect()
        resp, _ = self._get(conn, '/', {'Connection': 'close'})
        self.assertEqual('close', resp.getheader('Connection'))

    def test_errors_over_http_are_json_with_request_id(self):
        resp, body = self._get(self.connect(), '/v2.1/errors/unexpected',
                               {'X-Auth-Token': 'a:b'})
        self.assertEqual(500, resp.status)
        self.assertIn(resp.getheader('x-openstack-request-id'),
                      json.loads(body)['computeFault']['message'])

    def test_concurrent_requests_are_served_in_parallel(self):
        gate = _Gate(4)
        self.start_server(routes=dict(fakes.ROUTES, **{
            '/gate': {'GET': gate.wait}}))
        results = []

        def call():
            conn = http.client.HTTPConnection('127.0.0.1', self.server.port,
                                              timeout=15)
            try:
                resp, _ = self._get(conn, '/v2.1/gate', {'X-Auth-Token': 'a'})
                results.append(resp.status)
            finally:
                conn.close()

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        # Each handler waited for the three others: all four were inside
        # the application at the same time.
        self.assertEqual([200] * 4, results)


class TestServerLifecycle(ServerFixtureMixin, testtools.TestCase):
    def test_stop_closes_idle_connections_and_frees_the_port(self):
        srv = self.start_server()
        conn = self.connect()
        conn.request('GET', '/')
        conn.getresponse().read()
        started = time.monotonic()
        srv.stop()
        self.assertLess(time.monotonic() - started, 5)
        self.assertRaises((ConnectionError, http.client.HTTPException,
                           OSError), self._request_again, conn)
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(('127.0.0.1', srv.port))

    @staticmethod
    def _request_again(conn):
        conn.request('GET', '/')
        conn.getresponse().read()

    def test_workers_bound_requests_inside_the_app(self):
        inside, peak, lock = [0], [0], threading.Lock()

        def slow(req):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.2)
            with lock:
                inside[0] -= 1
            return {}

        self.start_server(routes={'/slow': {'GET': slow}}, threads=2)
        threads = [threading.Thread(target=self._slow_call) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        self.assertEqual(2, peak[0])

    def _slow_call(self):
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port,
                                          timeout=15)
        try:
            conn.request('GET', '/v2.1/slow', headers={'X-Auth-Token': 'a'})
            conn.getresponse().read()
        finally:
            conn.close()

    def test_application_loaded_from_conf_serves(self):
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        with server.serve(wsgi.init_application(conf)) as srv:
            conn = http.client.HTTPConnection('127.0.0.1', srv.port,
                                              timeout=10)
            conn.request('GET', '/')
            self.assertEqual(200, conn.getresponse().status)
            conn.close()


def _plain_app(environ, start_response):
    """WSGI answers in the shapes the server must frame."""
    path = environ['PATH_INFO']
    if path == '/fail':
        raise KeyError('secret')
    start_response('200 OK', [('Content-Type', 'text/plain')])
    if path == '/blocks':
        return iter([b'a', b'bc'])
    if path == '/empty':
        return []
    return [('%s|%s|%s' % (environ.get('CONTENT_TYPE'),
                           environ.get('HTTP_X_MULTI'),
                           environ['wsgi.input'].read().decode())).encode()]


class TestWireFormat(testtools.TestCase):
    """What goes on the wire: cheroot's framing, and its own refusals in
    Nova's fault body."""

    def setUp(self):
        super().setUp()
        self.server = server.serve(_plain_app, '127.0.0.1', 0).start()
        self.addCleanup(self.server.stop)

    def _exchange(self, raw):
        with socket.create_connection(('127.0.0.1', self.server.port),
                                      timeout=10) as sock:
            try:
                sock.sendall(raw)
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # refused and closed before it was all sent
            data = b''
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    return data
                data += chunk

    def _head_and_body(self, raw):
        head, _sep, body = self._exchange(raw).partition(b'\r\n\r\n')
        lines = head.decode('iso-8859-1').split('\r\n')
        return lines[0], lines[1:], body

    def assertFault(self, raw, status):
        line, headers, body = self._head_and_body(raw)
        self.assertEqual('HTTP/1.1 ' + status, line)
        self.assertIn('Content-Type: application/json', headers)
        self.assertIn('Connection: close', headers)
        (fault,) = json.loads(body).values()
        self.assertEqual(int(status[:3]), fault['code'])
        return fault

    def test_the_application_headers_and_body(self):
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port,
                                          timeout=10)
        self.addCleanup(conn.close)
        conn.putrequest('POST', '/')
        conn.putheader('X-Multi', '1')
        conn.putheader('Content-Length', '2')
        conn.endheaders(b'hi')
        resp = conn.getresponse()
        self.assertEqual(200, resp.status)
        self.assertEqual('text/plain', resp.getheader('Content-Type'))
        self.assertEqual('minova-api', resp.getheader('Server'))
        self.assertIsNotNone(resp.getheader('Date'))
        self.assertEqual(b'None|1|hi', resp.read())

    def test_unsized_and_empty_answers_keep_the_connection(self):
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port,
                                          timeout=10)
        self.addCleanup(conn.close)
        for path, expected in (('/blocks', b'abc'), ('/empty', b''),
                               ('/blocks', b'abc')):
            conn.request('GET', path)
            resp = conn.getresponse()
            self.assertEqual((200, expected), (resp.status, resp.read()))
            self.assertFalse(resp.will_close, path)

    def test_an_application_failure_is_a_500_fault_without_details(self):
        fault = self.assertFault(b'GET /fail HTTP/1.1\r\n\r\n',
                                 '500 Internal Server Error')
        self.assertNotIn('secret', json.dumps(fault))

    def test_the_servers_own_refusals_are_faults(self):
        self.assertFault(b'GARBAGE\r\n\r\n', '400 Bad Request')
        self.assertFault(b'GET //x HTTP/1.1\r\n\r\n', '400 Bad Request')
        self.assertFault(b'GET / HTTP/1.1\r\n' + b''.join(
            b'X-%d: %s\r\n' % (i, b'v' * 1000) for i in range(300)) +
            b'\r\n', '413 Request Entity Too Large')

    def test_a_negative_chunk_size_ends_the_body(self):
        # Not read to the end of the stream (the old server's bug): the
        # body ends there, and what follows is refused as a request.
        data = self._exchange(
            b'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'
            b'-5\r\nhello\r\n0\r\n\r\n')
        self.assertTrue(data.startswith(b'HTTP/1.1 200 OK'), data)
        self.assertIn(b'None|None|\r\n', data)  # an empty body
        self.assertIn(b'HTTP/1.1 400 Bad Request', data)
