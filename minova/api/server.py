"""Serve a WSGI application over HTTP/1.1: cheroot (CherryPy's server) with
a thread pool, as minova-api and minova-all embed it.

Parsing HTTP in front of authentication is security-critical, so minova
leaves it to a maintained server rather than keep its own. cheroot was
chosen by ``bench/boot.py`` (-n 300 -c 10, quiet machine, three alternating
runs each): minova's former ``http.server``-based server 131.4 / 132.3 /
124.0 servers/s, cheroot 127.4 / 131.1 / 129.7, waitress 124.2 / 127.1 /
126.5; and as built here, against the former in alternating pairs: 111.0 /
133.6 / 119.5 vs 111.2 / 122.8 / 119.8 servers/s, the same CPU time per
boot. cheroot keeps connections alive between requests (idle ones wait in
its selector, not in a thread), decodes chunked bodies, and bounds the
requests inside the application by its pool of ``threads``.

What minova adds: cheroot's own error answers (a malformed request line,
too long a header...) carry Nova's fault body instead of plain text, its
error log goes through oslo.log, and each request gets an access log
line::

    server = serve(app, '127.0.0.1', 0).start()   # port 0: any free port
    ... server.port ...
    server.stop()

A deployment may equally mount the API in a WSGI server of its own
(gunicorn, uWSGI, mod_wsgi) with :mod:`minova.wsgi.api`.
"""

import logging as std_logging
import socket
import threading
import time

from cheroot import errors as cheroot_errors
from cheroot import server as cheroot_server
from cheroot import wsgi as cheroot_wsgi
from oslo_log import log as logging

from minova.api.openstack import faults

LOG = logging.getLogger(__name__)

# How long an idle keep-alive connection is kept open (seconds).
KEEPALIVE_TIMEOUT = 60
# Connections the kernel queues while every thread is busy.
LISTEN_BACKLOG = socket.SOMAXCONN
# How long stop() waits for the requests in flight.
SHUTDOWN_TIMEOUT = 5
# The request line and headers together, at most (cheroot's default is no
# limit): a larger head is 413 before anything reads it. The body is
# capped by [oslo_middleware] max_request_body_size in the pipeline.
MAX_REQUEST_HEADER_SIZE = 256 * 1024


class _Request(cheroot_server.HTTPRequest):
    """cheroot's request, whose own error answers are Nova's faults."""

    def simple_response(self, status, msg=''):
        status = str(status)
        if int(status[:3]) < 400:
            return super().simple_response(status, msg)
        if isinstance(msg, bytes):
            msg = msg.decode('iso-8859-1')
        body = faults.fault_response(int(status[:3]),
                                     msg or status[4:]).body
        # After a refused request the stream cannot be trusted: close it.
        self.close_connection = True
        head = ('%s %s\r\nContent-Type: application/json\r\n'
                'Content-Length: %d\r\nConnection: close\r\n\r\n'
                % (self.server.protocol, status, len(body)))
        try:
            self.conn.wfile.write(head.encode('iso-8859-1') + body)
        except OSError as e:
            if e.args[0] not in cheroot_errors.socket_errors_to_ignore:
                raise


class _Connection(cheroot_server.HTTPConnection):
    RequestHandlerClass = _Request


class _Server(cheroot_wsgi.Server):
    ConnectionClass = _Connection
    #: A socket bound and listening already (a minova-api worker process
    #: accepts on its parent's): prepare() takes it instead of binding.
    listening_socket = None

    def bind(self, family, type, proto=0):
        if self.listening_socket is None:
            return super().bind(family, type, proto)
        self.socket = self.listening_socket
        self.bind_addr = self.resolve_real_bind_addr(self.socket)
        return self.socket

    def prepare(self):
        super().prepare()
        if self.listening_socket is not None:
            # cheroot gives the socket a 1 s timeout, and Python's accept()
            # on such a socket waits out the timeout when another process
            # took the connection first: the loser stalled up to 1 s with
            # its connections unserved. Non-blocking, it is told EAGAIN at
            # once, which cheroot ignores.
            self.socket.settimeout(0)

    def error_log(self, msg='', level=std_logging.INFO, traceback=False):
        # cheroot's own notes (a client gone, a bad request) are DEBUG; its
        # errors stay errors.
        LOG.log(level if level >= std_logging.ERROR else std_logging.DEBUG,
                'HTTP server: %s', msg, exc_info=traceback)


class _AccessLog:
    """One INFO line per request: client, request line, status, length,
    time (the line minova-api has always written)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = time.monotonic()
        answer = {}

        def start_logged(status, headers, exc_info=None):
            answer['status'] = status.split(' ', 1)[0]
            answer['length'] = next((value for name, value in headers
                                     if name.lower() == 'content-length'),
                                    '-')
            return start_response(status, headers, exc_info)

        result = self.app(environ, start_logged)
        LOG.info('%s "%s %s %s" status: %s len: %s time: %.4f',
                 environ.get('REMOTE_ADDR'), environ.get('REQUEST_METHOD'),
                 environ.get('REQUEST_URI'), environ.get('SERVER_PROTOCOL'),
                 answer.get('status', '-'), answer.get('length', '-'),
                 time.monotonic() - started)
        return result


class APIServer:
    """A bound HTTP server for one WSGI app; :meth:`start` serves it."""

    def __init__(self, app, host='127.0.0.1', port=0, threads=8,
                 keepalive_timeout=KEEPALIVE_TIMEOUT, sock=None):
        self._server = _Server(
            (host, port), _AccessLog(app), numthreads=threads,
            server_name='minova-api', request_queue_size=LISTEN_BACKLOG,
            timeout=keepalive_timeout, shutdown_timeout=SHUTDOWN_TIMEOUT)
        self._server.max_request_header_size = MAX_REQUEST_HEADER_SIZE
        self._server.listening_socket = sock
        self._server.prepare()  # binds: a taken port fails here
        self._thread = None

    @property
    def host(self):
        return self._server.bind_addr[0]

    @property
    def port(self):
        """The port bound, also when 0 (any free port) was asked for."""
        return self._server.bind_addr[1]

    def start(self):
        """Serve from a background thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve, name='minova-api-%s' % self.port,
                daemon=True)
            self._thread.start()
            LOG.info('minova-api listening on %s:%s', self.host, self.port)
        return self

    def wait(self):
        """Block until :meth:`stop` is called (for the console script)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self):
        """Stop accepting, close open connections and free the port."""
        self._server.stop()
        if self._thread is not None:
            self._thread.join(SHUTDOWN_TIMEOUT + 1)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def serve(app, host='127.0.0.1', port=0, threads=8, sock=None):
    """A bound, not yet started :class:`APIServer` for ``app`` (on
    ``sock`` when given: see :func:`listen`)."""
    return APIServer(app, host, port, threads, sock=sock)


def listen(host, port):
    """A socket bound to ``host``:``port`` and listening, for the worker
    processes of minova-api to accept on: it is bound once, before they
    fork, so they share its queue of connections and a port already taken
    fails in the parent."""
    family = socket.getaddrinfo(host, port, socket.AF_UNSPEC,
                                socket.SOCK_STREAM, 0,
                                socket.AI_PASSIVE)[0][0]
    return socket.create_server((host, port), family=family,
                                backlog=LISTEN_BACKLOG)
