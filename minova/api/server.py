"""Serve a WSGI application over HTTP/1.1 from a thread per connection.

Built on the standard library (``wsgiref`` + ``socketserver``) so minova-api
needs no web server of its own; a deployment may equally mount
:func:`minova.api.wsgi.init_application` in uWSGI or mod_wsgi.

What it adds to ``wsgiref``: keep-alive (several requests per connection,
a request body the application did not read is skipped, chunked request
bodies are decoded), at most ``workers`` requests inside the application at
once, an access log through oslo.log, and a clean stop that also closes idle
keep-alive connections::

    server = serve(app, '127.0.0.1', 0).start()   # port 0: any free port
    ... server.port ...
    server.stop()
"""

import io
import socket
import socketserver
import threading
import time
from wsgiref import simple_server

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

MAX_LINE = 65536
# Larger chunked request bodies are refused; a larger unread rest of a body
# closes the connection rather than being read and thrown away.
MAX_BUFFERED_BODY = 16 * 1024 * 1024
# How long an idle keep-alive connection is kept open.
KEEPALIVE_TIMEOUT = 60


class _Body:
    """``wsgi.input`` that ends at Content-Length, and can skip the rest."""

    def __init__(self, rfile, length):
        self._rfile = rfile
        self.remaining = length

    def read(self, size=-1):
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self._rfile.read(size) if size else b''
        self.remaining -= len(data)
        return data

    def readline(self, size=-1):
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self._rfile.readline(size) if size else b''
        self.remaining -= len(data)
        return data

    def readlines(self, hint=-1):
        return list(iter(self.readline, b''))

    def __iter__(self):
        return iter(self.readline, b'')

    def drain(self):
        while self.remaining and self.read(65536):
            pass


def _read_chunked(rfile):
    """The body of a ``Transfer-Encoding: chunked`` request, decoded."""
    body = io.BytesIO()
    while True:
        size = int(rfile.readline(MAX_LINE).split(b';', 1)[0].strip(), 16)
        if body.tell() + size > MAX_BUFFERED_BODY:
            raise ValueError('chunked body over %d bytes' % MAX_BUFFERED_BODY)
        if size == 0:
            while rfile.readline(MAX_LINE) not in (b'\r\n', b'\n', b''):
                pass  # trailers
            return body.getvalue()
        body.write(rfile.read(size))
        rfile.readline(MAX_LINE)


class _ServerHandler(simple_server.ServerHandler):
    """wsgiref's handler, speaking HTTP/1.1 and deciding on keep-alive."""

    http_version = '1.1'

    def cleanup_headers(self):
        super().cleanup_headers()
        # Without a length the client can only find the end by the close.
        if 'Content-Length' not in self.headers and \
                not self.status.startswith(('204', '304')):
            self.request_handler.close_connection = True
        if self.request_handler.close_connection:
            self.headers['Connection'] = 'close'

    def log_exception(self, exc_info):
        LOG.error('Unhandled error serving %s', self.environ.get('PATH_INFO'),
                  exc_info=exc_info)
        self.request_handler.close_connection = True


class _RequestHandler(simple_server.WSGIRequestHandler):
    protocol_version = 'HTTP/1.1'

    def setup(self):
        self.timeout = self.server.keepalive_timeout
        super().setup()

    def handle(self):
        self.close_connection = True
        self.handle_one_request()
        while not self.close_connection:
            self.handle_one_request()

    def handle_one_request(self):
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
        except OSError:  # idle timeout, or closed by stop()
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if len(self.raw_requestline) > MAX_LINE:
            self.requestline = self.request_version = self.command = ''
            self.send_error(414)
            self.close_connection = True
            return
        if not self.parse_request():
            return
        if self.request_version != 'HTTP/1.1':
            self.close_connection = True
        self._started = time.monotonic()
        environ = self.get_environ()
        try:
            body = self._body(environ)
        except ValueError as exc:
            self.send_error(400, 'Bad chunked request body: %s' % exc)
            return
        handler = _ServerHandler(body, self.wfile, self.get_stderr(), environ,
                                 multithread=True)
        handler.request_handler = self
        with self.server.slots:
            handler.run(self.server.get_app())
        if body.remaining > MAX_BUFFERED_BODY:
            self.close_connection = True
        else:
            body.drain()
        self.wfile.flush()

    def _body(self, environ):
        if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
            data = _read_chunked(self.rfile)
            environ['CONTENT_LENGTH'] = str(len(data))
            environ.pop('HTTP_TRANSFER_ENCODING', None)
            return _Body(io.BytesIO(data), len(data))
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            length = 0
            self.close_connection = True
        return _Body(self.rfile, max(length, 0))

    def log_request(self, code='-', size='-'):
        LOG.info('%s "%s" status: %s len: %s time: %.4f',
                 self.client_address[0], self.requestline, code, size,
                 time.monotonic() - getattr(self, '_started', time.monotonic()))

    def log_message(self, format, *args):
        LOG.debug('%s %s', self.client_address[0], format % args)


class _WSGIServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    block_on_close = False
    # The listen backlog: socketserver's default of 5 makes the kernel drop
    # or reset connections when more clients connect at once than the
    # accepting thread takes in, as a busy process does under a burst of
    # requests. As many as the kernel allows (net.core.somaxconn).
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address, workers, keepalive_timeout):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        self.slots = threading.BoundedSemaphore(workers)
        self.keepalive_timeout = keepalive_timeout
        self.connections = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def server_bind(self):
        # HTTPServer.server_bind asks DNS for our name (socket.getfqdn),
        # which can stall start-up for seconds; the address will do.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()

    def finish_request(self, request, client_address):
        with self._connections_lock:
            self.connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._connections_lock:
                self.connections.discard(request)

    def handle_error(self, request, client_address):
        # A client that went away mid-request is not worth a traceback.
        LOG.debug('Connection from %s ended with an error', client_address,
                  exc_info=True)

    def close_connections(self):
        with self._connections_lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class APIServer:
    """A bound HTTP server for one WSGI app; :meth:`start` serves it."""

    def __init__(self, app, host='127.0.0.1', port=0, workers=8,
                 keepalive_timeout=KEEPALIVE_TIMEOUT):
        self._httpd = _WSGIServer((host, port), workers, keepalive_timeout)
        self._httpd.set_app(app)
        self._thread = None

    @property
    def host(self):
        return self._httpd.server_address[0]

    @property
    def port(self):
        """The port bound, also when 0 (any free port) was asked for."""
        return self._httpd.server_address[1]

    def start(self):
        """Serve from a background thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={'poll_interval': 0.1},
                name='minova-api-%s' % self.port, daemon=True)
            self._thread.start()
            LOG.info('minova-api listening on %s:%s', self.host, self.port)
        return self

    def wait(self):
        """Block until :meth:`stop` is called (for the console script)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self):
        """Stop accepting, close open connections and free the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()
        self._httpd.close_connections()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def serve(app, host='127.0.0.1', port=0, workers=8):
    """A bound, not yet started :class:`APIServer` for ``app``."""
    return APIServer(app, host, port, workers)
