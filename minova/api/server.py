"""Serve a WSGI application over HTTP/1.1 from a thread per connection.

Built on the standard library (``http.server`` + ``socketserver``, with the
environ and answers of ``wsgiref``) so minova-api needs no web server of its
own; a deployment may equally mount
:func:`minova.api.wsgi.init_application` in uWSGI or mod_wsgi.

What it adds to ``wsgiref``: each answer sent in one write, keep-alive
(several requests per connection, a request body the application did not
read is skipped, chunked request bodies are decoded), at most ``workers``
requests inside the application at once, an access log through oslo.log,
and a clean stop that also closes idle keep-alive connections::

    server = serve(app, '127.0.0.1', 0).start()   # port 0: any free port
    ... server.port ...
    server.stop()
"""

import http.client
import http.server
import io
import re
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from wsgiref import handlers
from wsgiref import simple_server
from wsgiref import util

from oslo_log import log as logging

from minova.api.openstack import faults

LOG = logging.getLogger(__name__)

MAX_LINE = 65536
# Larger chunked request bodies are refused; a larger unread rest of a body
# closes the connection rather than being read and thrown away.
MAX_BUFFERED_BODY = 16 * 1024 * 1024
# How long an idle keep-alive connection is kept open.
KEEPALIVE_TIMEOUT = 60
# As http.client: header lines in a request, the blank line included.
MAX_HEADERS = 100

_FAST_VERSIONS = (b'HTTP/1.1', b'HTTP/1.0')
# A header name as the email parser reads it: printable, no colon.
_HEADER_NAME = re.compile(r'[!-9;-~]+\Z')
# wsgiref's answer when the application fails.
_ERROR_STATUS = '500 Internal Server Error'
_ERROR_HEADERS = (('Content-Type', 'text/plain'),)
_ERROR_BODY = b'A server error occurred.  Please contact the administrator.'
_CLIENT_GONE = (ConnectionAbortedError, BrokenPipeError, ConnectionResetError)


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


class _Headers:
    """The request headers, in order; ``get`` finds the first of a name."""

    def __init__(self, items):
        self._items = items
        self._first = {}
        for name, value in reversed(items):
            self._first[name.lower()] = value

    def get(self, name, default=None):
        return self._first.get(name.lower(), default)

    def items(self):
        return self._items


def _read_headers(rfile):
    """The header block of a request as a :class:`_Headers`.

    The limits and errors are those of ``http.client.parse_headers``;
    lines it would read differently (folded, without a colon, ...) are
    left to it, so the result is the same either way.
    """
    lines = []
    while True:
        line = rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong('header line')
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException(
                'got more than %d headers' % MAX_HEADERS)
        if line in (b'\r\n', b'\n', b''):
            break
    items = []
    for line in lines[:-1]:
        name, colon, value = line.decode('iso-8859-1').partition(':')
        if not colon or not line.endswith(b'\n') or \
                not _HEADER_NAME.match(name):
            # The email parser, for what the fast path does not read:
            # it costs ~30 us a request more.
            message = http.client.parse_headers(io.BytesIO(b''.join(lines)))
            return _Headers(message.items())
        items.append((name, value.lstrip(' \t').rstrip('\r\n')))
    return _Headers(items)


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    """One connection: requests in turn, each answered in one write.

    Like ``wsgiref`` (the same environ, status line, ``Date`` and
    ``Server`` headers, ``Content-Length`` rules and 500 answer) at a
    fraction of its cost: headers parsed without the email package, the
    answer sent in one ``sendall`` instead of five.
    """

    protocol_version = 'HTTP/1.1'
    server_version = simple_server.server_version
    # The ``Server`` header of an answer.
    software_version = simple_server.software_version

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
        try:
            body = self._body()
        except ValueError as exc:
            self.send_error(400, 'Bad chunked request body: %s' % exc)
            return
        environ = self.get_environ(body)
        with self.server.slots:
            self._run(environ)
        if body.remaining > MAX_BUFFERED_BODY:
            self.close_connection = True
        else:
            body.drain()

    def parse_request(self):
        """``http.server``'s parse_request, with a fast path for the usual
        ``METHOD /path HTTP/1.x`` line; anything else is left to it."""
        words = self.raw_requestline.split()
        if len(words) != 3 or words[2] not in _FAST_VERSIONS or \
                words[1].startswith(b'//'):
            if not super().parse_request():
                return False
            self.headers = _Headers(self.headers.items())
            return True
        self.requestline = str(self.raw_requestline,
                               'iso-8859-1').rstrip('\r\n')
        self.command, self.path, self.request_version = (
            word.decode('iso-8859-1') for word in words)
        self.close_connection = self.request_version != 'HTTP/1.1'
        try:
            self.headers = _read_headers(self.rfile)
        except http.client.LineTooLong as err:
            self.send_error(431, 'Line too long', str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(431, 'Too many headers', str(err))
            return False
        conntype = self.headers.get('Connection', '').lower()
        if conntype == 'close':
            self.close_connection = True
        elif conntype == 'keep-alive':
            self.close_connection = False
        if self.headers.get('Expect', '').lower() == '100-continue' and \
                self.request_version == 'HTTP/1.1':
            return self.handle_expect_100()
        return True

    def _body(self):
        if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
            data = _read_chunked(self.rfile)
            self._body_length = str(len(data))
            return _Body(io.BytesIO(data), len(data))
        self._body_length = None
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = 0
            self.close_connection = True
        return _Body(self.rfile, max(length, 0))

    def get_environ(self, body):
        """The WSGI environ, key for key the one ``wsgiref`` builds."""
        env = self.server.base_environ.copy()
        env['SERVER_PROTOCOL'] = self.request_version
        env['SERVER_SOFTWARE'] = self.server_version
        env['REQUEST_METHOD'] = self.command
        path, _sep, query = self.path.partition('?')
        env['PATH_INFO'] = urllib.parse.unquote(path, 'iso-8859-1')
        env['QUERY_STRING'] = query
        env['REMOTE_ADDR'] = self.client_address[0]
        headers = self.headers
        content_type = headers.get('Content-Type')
        env['CONTENT_TYPE'] = ('text/plain' if content_type is None
                               else content_type)
        length = headers.get('Content-Length')
        if length:
            env['CONTENT_LENGTH'] = length
        for name, value in headers.items():
            name = name.replace('-', '_').upper()
            value = value.strip()
            if name in env:
                continue  # CONTENT_TYPE, CONTENT_LENGTH, ...
            if 'HTTP_' + name in env:
                env['HTTP_' + name] += ',' + value
            else:
                env['HTTP_' + name] = value
        if self._body_length is not None:  # a decoded chunked body
            env['CONTENT_LENGTH'] = self._body_length
            env.pop('HTTP_TRANSFER_ENCODING', None)
        environ = self.server.os_environ.copy()
        environ.update(env)
        environ.update(self.server.wsgi_environ)
        environ['wsgi.input'] = body
        environ['wsgi.errors'] = sys.stderr
        return environ

    def _run(self, environ):
        """Call the application and send its answer in one write."""
        try:
            response = self._call(environ)
            self.wfile.write(self._encode(response))
        except _CLIENT_GONE:
            # As wsgiref: no answer, and no access log line.
            self.close_connection = True
            return
        self.log_request(response.status.split(' ', 1)[0], response.length)

    def _call(self, environ):
        """The application's answer; wsgiref's 500 if it fails."""
        response = _Response()
        try:
            result = self.server.get_app()(environ, response.start_response)
            try:
                response.collect(result)
            finally:
                if hasattr(result, 'close'):
                    result.close()
        except _CLIENT_GONE:
            raise
        except Exception:
            LOG.error('Unhandled error serving %s', environ.get('PATH_INFO'),
                      exc_info=True)
            self.close_connection = True
            response = _Response()
            response.start_response(_ERROR_STATUS, list(_ERROR_HEADERS))
            response.collect([_ERROR_BODY])
        return response

    def _encode(self, response):
        """Status line, headers and body as the bytes to send."""
        headers = response.headers
        names = {name.lower() for name, _value in headers}
        if 'content-length' not in names:
            if not response.chunks:
                headers.append(('Content-Length', '0'))
            elif response.sized:
                headers.append(('Content-Length', str(response.length)))
            elif not response.status.startswith(('204', '304')):
                # Without a length the client can only find the end by
                # the close.
                self.close_connection = True
        if self.close_connection:
            headers = [h for h in headers if h[0].lower() != 'connection']
            headers.append(('Connection', 'close'))
        if self.request_version == 'HTTP/0.9':
            return b''.join(response.chunks)
        lines = ['HTTP/1.1 ' + response.status]
        if 'date' not in names:
            lines.append('Date: ' + handlers.format_date_time(time.time()))
        if 'server' not in names:
            lines.append('Server: ' + self.software_version)
        lines.extend('%s: %s' % header for header in headers)
        lines.extend(('', ''))
        return b''.join([
            '\r\n'.join(lines).encode('iso-8859-1')] + response.chunks)

    def send_error(self, code, message=None, explain=None):
        """An error of the HTTP layer itself (a malformed request line,
        too long a line, too many headers): ``http.server``'s answer with
        Nova's fault body in place of its HTML page, and a status line
        also when the request line was too malformed to tell its version.
        """
        message = message or self.responses.get(code, ('Error',))[0]
        self.log_error('code %d, message %s', code, message)
        if self.request_version not in ('HTTP/1.0', 'HTTP/1.1'):
            self.request_version = 'HTTP/1.1'
        body = faults.fault_response(code, message).body
        self.send_response(code, message)
        self.send_header('Connection', 'close')
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def log_request(self, code='-', size='-'):
        LOG.info('%s "%s" status: %s len: %s time: %.4f',
                 self.client_address[0], self.requestline, code, size,
                 time.monotonic() - getattr(self, '_started', time.monotonic()))

    def log_message(self, format, *args):
        LOG.debug('%s %s', self.client_address[0], format % args)


def _check_answer(status, headers):
    """wsgiref's checks of what an application passes to start_response."""
    if type(headers) is not list:
        raise TypeError('Headers must be a list of name/value tuples')
    if type(status) is not str:
        raise AssertionError('Status must be of type str (got %r)' % status)
    if len(status) < 4 or not status[:3].isdigit() or status[3] != ' ':
        raise AssertionError('Status must be a 3-digit code and a space '
                             '(got %r)' % status)
    for name, value in headers:
        if type(name) is not str or type(value) is not str:
            raise AssertionError('Header names and values must be of type '
                                 'str (got %r)' % ((name, value),))
        if util.is_hop_by_hop(name):
            raise AssertionError("Hop-by-hop header, '%s: %s', not allowed"
                                 % (name, value))


class _Response:
    """What the application answered, gathered to be sent in one write."""

    def __init__(self):
        self.status = self.headers = None
        self.chunks = []
        # Whether the body's length is known from the result (wsgiref sets
        # Content-Length for a result of one block, and only then).
        self.sized = False

    def start_response(self, status, headers, exc_info=None):
        if exc_info is None and self.status is not None:
            raise AssertionError('Headers already set!')
        _check_answer(status, headers)
        self.status, self.headers = status, list(headers)
        return self.chunks.append

    def collect(self, result):
        written = bool(self.chunks)
        for data in result:
            if type(data) is not bytes:
                raise AssertionError('write() argument must be a bytes '
                                     'instance')
            self.chunks.append(data)
        if self.status is None:
            raise AssertionError('write() before start_response()')
        try:
            self.sized = not written and len(result) == 1
        except (TypeError, AttributeError, NotImplementedError):
            self.sized = False

    @property
    def length(self):
        return sum(len(chunk) for chunk in self.chunks)


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

    def setup_environ(self):
        super().setup_environ()
        # What wsgiref adds to each request's environ: the process's
        # environment under it, the wsgi.* keys over it.
        self.os_environ = handlers.BaseHandler.os_environ
        self.wsgi_environ = {
            'wsgi.version': (1, 0), 'wsgi.run_once': False,
            'wsgi.url_scheme': util.guess_scheme(self.os_environ),
            'wsgi.multithread': True, 'wsgi.multiprocess': False,
            'wsgi.file_wrapper': util.FileWrapper,
        }

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
