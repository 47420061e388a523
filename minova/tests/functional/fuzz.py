"""Bad requests, made up from a seed, sent as raw bytes.

:class:`RequestFuzzer` turns a routing table (``ROUTES``) into requests that
each carry something wrong: undecodable or absurd bytes in the path, the
query string or the body, bodies nested too deep, numbers too big, NaN and
Infinity, lone UTF-16 surrogates, wrong JSON types, unknown or missing
fields, wrong content types, missing, empty and non-object bodies, unknown
methods and paths. :func:`send` writes one on a socket exactly as made, so
bytes no HTTP client library would send do reach the server.

The same seed makes the same requests, in the same order.
"""

import http.client
import json
import random
import re
import socket

# A placeholder in a URL template, as the router reads it.
_PLACEHOLDER = re.compile(r'\{(\w+)\}')

# What a URL segment or query value may be instead of a sane one: bytes
# that do not decode (raw and percent-encoded), a UTF-8 encoded surrogate,
# NUL, numbers beyond 32 and 64 bits, negative and fractional numbers,
# NaN, long text, traversal, and the odd character.
JUNK_SEGMENTS = [
    b'%ff', b'%ff%fe%fd', b'\xff\xfe', b'%ed%a0%80', b'%00', b'%c3%28',
    b'2147483648', b'9223372036854775808', b'18446744073709551616',
    b'9' * 40, b'-1', b'0', b'1.5', b'1e400', b'NaN', b'Infinity',
    b'x' * 5000, b'..', b'%2e%2e', b'%2F', b"'", b'%', b'%zz', b'%c3%a9',
    b'%20', b'%22%3E', b'detail', b'%7B%7D', b'0x10', b'1' * 300,
]
# Values of the name filter (a regular expression), and then some.
REGEX_JUNK = [b'(', b'%28', b'(a%2B)%2B%24', b'(a%7Caa)%2B%24', b'[', b'*',
              b'%5C', b'a{99999}',
              b'(%3FP<x>', b'(a|a)*%24', b'.*' * 40]
QUERY_KEYS = [
    b'limit', b'marker', b'name', b'sort_key', b'sort_dir', b'changes-since',
    b'changes-before', b'all_tenants', b'status', b'flavor', b'image',
    b'host', b'node', b'deleted', b'minDisk', b'minRam', b'is_public',
    b'tenant_id', b'project_id', b'uuid', b'availability_zone', b'offset',
    b'binary', b'reservation_id', b'hypervisor_hostname_pattern',
]
RAW_QUERIES = [b'%ff=1', b'a=%ff', b'\xff=\xfe', b'&&&', b'=', b'%', b'%zz',
               b'limit', b'limit=', b'name=%ed%a0%80', b'a' * 3000 + b'=1']

CONTENT_TYPES = [
    None, 'application/json', 'text/plain', '', 'application/xml',
    'text/html', 'multipart/form-data; boundary=x',
    'application/json; charset=latin-1', 'application/json; charset=utf-16',
    'application/x-www-form-urlencoded', 'application/json; \xff',
    'application/vnd.openstack.compute+json', ';;;',
]
MICROVERSIONS = ['compute 2.1', 'compute latest', 'compute 2.9999999999999',
                 'compute 2.' + '9' * 30, 'compute \xff', 'compute', '2.1',
                 'compute 2.-1', 'compute -1.0', 'volume 2.1, compute 2.1']

RAW_BODIES = [
    b'', b'\xff\xfe\xfd', b'{"server": \xff}', b'[]', b'1', b'"text"',
    b'null', b'true', b'{"a": ', b'{"a": 1}{"b": 2}', b'\xef\xbb\xbf{}',
    '{"a": "b"}'.encode('utf-16'), b'{"a": NaN}', b'{"a": Infinity}',
    b'{"a": -Infinity}', b'{"a": "\\ud800"}', b'{"\\udfff": 1}',
    b'[' * 100000 + b']' * 100000, b'{"a":' * 50000 + b'1' + b'}' * 50000,
    b'{"a": 1' + b'0' * 5000 + b'}', b'{"a": 1e999999}', b'\x00' * 10,
    b'{"a": "\\u0000"}', b'{"a": 1, "a": 2}', b'   ', b'{}',
]

_DEEP = '"__deep__"'


class Deep:
    """A JSON value nested ``depth`` times (too deep for json.dumps)."""

    def __init__(self, depth, opener='['):
        self.depth = depth
        self.opener = opener

    def text(self):
        if self.opener == '[':
            return '[' * self.depth + ']' * self.depth
        return '{"a": ' * self.depth + '1' + '}' * self.depth


# What a JSON leaf may become: NaN and the infinities (json.dumps writes
# them), lone surrogates (written as \\ud800 escapes), numbers too big for
# any column, strings too long, values of every other JSON type, and
# nesting too deep.
JUNK_VALUES = [
    float('nan'), float('inf'), float('-inf'), '\ud800', 'a\udfffb',
    '\udbff\udbff', 2 ** 31, 2 ** 63, 2 ** 64, 10 ** 30, -(10 ** 30),
    -1, 0, 1.5, 1e308, -0.0, 'x' * 70000, '', ' ', '\x00', 'NaN', '9' * 40,
    True, False, None, [], {}, [1, 'a'], {'a': {'b': None}}, 'é' * 300,
    Deep(3000), Deep(3000, '{'), Deep(50), '\u202e\ufeff', '%ff',
]


class FuzzRequest:
    """One request as bytes, with what it was made of (for the report)."""

    def __init__(self, method, path, headers, body, what):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.what = what

    def __repr__(self):
        return '%s %r [%s] body=%r' % (
            self.method, self.path[:200], self.what, (self.body or b'')[:200])


class RequestFuzzer:
    """Bad requests over ``routes`` (URL templates relative to ``prefix``).

    ``ids`` gives, per placeholder name, the ids of things that exist (so
    that a bad body reaches the handler of a real server, flavor...);
    ``bodies`` gives, per ``(method, template)``, a sane body to spoil.
    """

    def __init__(self, routes, ids, bodies, seed, prefix='/v2.1',
                 token='admin:admin'):
        self.routes = sorted(routes.items())
        self.ids = ids
        self.bodies = bodies
        self.random = random.Random(seed)
        self.prefix = prefix.encode()
        self.token = token

    def requests(self, count):
        """``count`` requests, every route and method in turn first."""
        pairs = [(t, m) for t, methods in self.routes for m in methods]
        made = 0
        while made < count:
            for template, method in pairs:
                if made == count:
                    return
                yield self.make(template, method)
                made += 1
            if made < count and self.random.random() < 0.5:
                yield self.unknown()
                made += 1

    def make(self, template, method):
        r = self.random
        what = []
        if r.random() < 0.08:
            method = r.choice(['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND',
                               'G\xe9T', 'DELETE', 'POST', 'GET'])
            what.append('method')
        path = self._path(template, method, what)
        query = self._query(what) if r.random() < 0.5 else b''
        headers = {'X-Auth-Token': self.token}
        if r.random() < 0.15:
            headers['OpenStack-API-Version'] = r.choice(MICROVERSIONS)
            what.append('microversion')
        body = None
        if method in ('POST', 'PUT') or r.random() < 0.1:
            body = self._body(template, method, headers, what)
        return FuzzRequest(method, self.prefix + path + query, headers, body,
                           ','.join(what))

    def unknown(self):
        r = self.random
        path = r.choice([b'/', b'', b'/v2', b'/v2.0/servers', b'/v2.1/nope',
                         b'/v2.1/servers/x/y/z', b'/%ff', b'/v2.1/%ff',
                         b'/v2.1//servers', b'/v2.1/servers/../flavors',
                         b'//x', b'/v2.1/%s' % r.choice(JUNK_SEGMENTS),
                         b'/v2.1/servers?%s' % r.choice(RAW_QUERIES),
                         b'*', b'/v2.1/a b', b'/v2.1/\x00'])
        return FuzzRequest(r.choice(['GET', 'POST', 'DELETE']), path,
                           {'X-Auth-Token': self.token}, None, 'unknown')

    def _path(self, template, method, what):
        r = self.random
        out = []
        for i, part in enumerate(_PLACEHOLDER.split(template)):
            if i % 2 == 0:
                out.append(part.encode())
                continue
            known = self.ids.get(part)
            # A DELETE never names a real thing: the fixture must last.
            if known and method != 'DELETE' and r.random() < 0.6:
                out.append(r.choice(known).encode())
            else:
                out.append(r.choice(JUNK_SEGMENTS))
                what.append('path:' + part)
        return b''.join(out)

    def _query(self, what):
        r = self.random
        params = []
        for _ in range(r.randint(1, 3)):
            if r.random() < 0.2:
                params.append(r.choice(RAW_QUERIES))
                continue
            key = r.choice(QUERY_KEYS)
            pool = REGEX_JUNK if key == b'name' and r.random() < 0.6 \
                else JUNK_SEGMENTS
            params.append(key + b'=' + r.choice(pool))
        what.append('query')
        return b'?' + b'&'.join(params)

    def _body(self, template, method, headers, what):
        r = self.random
        if r.random() < 0.2:
            content_type = r.choice(CONTENT_TYPES)
            if content_type is not None:
                headers['Content-Type'] = content_type
            what.append('content-type')
        else:
            headers['Content-Type'] = 'application/json'
        sane = self.bodies.get((method, template))
        if sane is None or r.random() < 0.25:
            what.append('raw-body')
            return r.choice(RAW_BODIES)
        body = json.loads(json.dumps(sane))
        for _ in range(r.randint(1, 3)):
            body = self._spoil(body, what)
        return _dumps(body)

    def _spoil(self, body, what):
        """One thing wrong somewhere in ``body``."""
        r = self.random
        holders = list(_containers(body))
        holder = r.choice(holders) if holders else None
        choice = r.random()
        if holder is None or choice < 0.1:
            what.append('body:whole')
            return r.choice(JUNK_VALUES)
        keys = list(holder) if isinstance(holder, dict) \
            else list(range(len(holder)))
        if choice < 0.25 and isinstance(holder, dict):
            what.append('body:unknown-field')
            holder[r.choice(['colour', '\ud800', '', 'x' * 300])] = \
                r.choice(JUNK_VALUES)
        elif choice < 0.35 and keys:
            what.append('body:missing')
            del holder[r.choice(keys)]
        elif keys:
            key = r.choice(keys)
            what.append('body:%s' % (key,))
            holder[key] = r.choice(JUNK_VALUES)
        return body


def _containers(value):
    """Every dict and list inside ``value``, itself included."""
    if isinstance(value, (dict, list)):
        yield value
        for item in (value.values() if isinstance(value, dict) else value):
            yield from _containers(item)


def _dumps(body):
    """JSON bytes of ``body``: NaN as NaN, surrogates as escapes, and each
    :class:`Deep` as its nesting."""
    deep = []

    def default(value):
        if isinstance(value, Deep):
            deep.append(value)
            return '__deep__'
        raise TypeError(value)

    text = json.dumps(body, default=default)
    for value in deep:
        text = text.replace(_DEEP, value.text(), 1)
    return text.encode('ascii')


def send(port, request, timeout=30):
    """Write ``request`` on a new connection; ``(status, headers, body)``."""
    lines = [request.method.encode('latin-1') + b' ' + request.path +
             b' HTTP/1.1', b'Host: 127.0.0.1:%d' % port, b'Connection: close']
    for name, value in request.headers.items():
        lines.append(name.encode() + b': ' + value.encode('latin-1'))
    if request.body is not None:
        lines.append(b'Content-Length: %d' % len(request.body))
    data = b'\r\n'.join(lines) + b'\r\n\r\n' + (request.body or b'')
    with socket.create_connection(('127.0.0.1', port), timeout=timeout) as s:
        s.sendall(data)
        response = http.client.HTTPResponse(s, method=request.method)
        try:
            response.begin()
        except http.client.BadStatusLine as exc:
            return 0, {}, str(exc).encode()  # not an HTTP/1.x answer
        return response.status, response.headers, response.read()
