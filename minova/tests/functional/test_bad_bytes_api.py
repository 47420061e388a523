"""Regression tests of issue 13 (no 5xx for bad input), one per kind the
fuzz test (test_bad_input_fuzz_api) found: each is a 4xx in Nova's fault
shape that names what is wrong, and writes nothing."""

import json
import time

from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import fuzz

TOKEN = {'X-Auth-Token': 'admin:admin'}
JSON = dict(TOKEN, **{'Content-Type': 'application/json'})
PATHOLOGICAL_NAME = 'a' * 60 + '!'


class TestBadBytes(func_fixtures.RefusalTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A name that makes (a|aa)+$ backtrack for ever under Python's re.
        resp = cls.cloud.api.create_server(cls.cloud.image_id,
                                           name=PATHOLOGICAL_NAME,
                                           metadata={'a': 'b'})
        cls.server_id = resp.body['server']['id']
        cls.cloud.api.wait_for_server(cls.server_id)

    def send(self, method, path, body=None, headers=TOKEN):
        if isinstance(body, str):
            body = body.encode('ascii')
        return fuzz.send(self.cloud.port, fuzz.FuzzRequest(
            method, path, headers, body, 'test'))

    def assertFault(self, answer, status, *words):
        code, headers, body = answer
        self.assertEqual(status, code, body)
        self.assertEqual('application/json', headers['Content-Type'])
        (fault,) = json.loads(body).values()
        self.assertEqual(status, fault['code'])
        for word in words:
            self.assertIn(word, fault['message'])

    # -- the URL (its bytes: test_malformed_requests_api) ---------------------

    def test_a_target_that_is_no_path_is_400_in_fault_shape(self):
        # Refused by the HTTP server itself (it was a 404 of the URL map).
        self.assertFault(self.send('GET', b'*'), 400, 'request-target')

    def test_malformed_request_line_is_400_in_fault_shape(self):
        # 'DELETE  HTTP/1.1': no path; http.server answered HTML, without
        # a status line.
        self.assertFault(self.send('DELETE', b''), 400)

    # -- bodies --------------------------------------------------------------

    def test_deep_nesting_is_400(self):
        for body in ('[' * 50000 + ']' * 50000,  # within the size limit
                     '{"a": ' * 900 + '1' + '}' * 900,
                     '{"server": %s}' % ('[' * 40 + ']' * 40)):
            self.assertFault(self.send('POST', b'/v2.1/servers', body, JSON),
                             400, 'nested deeper than')

    def test_nan_and_infinity_are_400(self):
        for number in ('NaN', 'Infinity', '-Infinity', '1e999'):
            body = '{"flavor": {"name": "f", "ram": 1, "vcpus": 1, ' \
                   '"disk": 1, "rxtx_factor": %s}}' % number
            self.assertFault(self.send('POST', b'/v2.1/flavors', body, JSON),
                             400, 'Malformed request body', number)

    def test_lone_surrogate_is_400_naming_the_field(self):
        server = b'/v2.1/servers/' + self.server_id.encode()
        for path, body, field in (
                (server, '{"server": {"name": "\\ud800"}}', 'name'),
                (server + b'/metadata/a', '{"meta": {"a": "x\\udfff"}}', 'a'),
                (server + b'/metadata', '{"metadata": {"\\ud800": "b"}}',
                 'metadata'),
                (b'/v2.1/os-server-groups',
                 '{"server_group": {"name": "\\udbff", '
                 '"policies": ["affinity"]}}', 'name')):
            self.assertFault(self.send('PUT' if b'groups' not in path
                                       else 'POST', path, body, JSON),
                             400, 'field/attribute %s' % field, 'surrogate')

    def test_nul_character_is_400_naming_the_field(self):
        # PostgreSQL cannot store a NUL in a string column.
        self.assertFault(self.send(
            'POST', b'/v2.1/flavors/1/os-extra_specs',
            '{"extra_specs": {"hw:cpu_policy": "a\\u0000"}}', JSON),
            400, 'field/attribute hw:cpu_policy', 'NUL')

    def test_integer_beyond_64_bits_in_a_body_is_400(self):
        body = '{"server": {"name": "n", "imageRef": "%s", "flavorRef": ' \
               '"1", "min_count": %d}}' % (self.cloud.image_id, 2 ** 64)
        self.assertFault(self.send('POST', b'/v2.1/servers', body, JSON),
                         400, 'field/attribute min_count', 'out of range')

    # -- integers in the URL -------------------------------------------------

    def test_id_beyond_the_column_is_404(self):
        for path in (b'/v2.1/os-aggregates/18446744073709551616',
                     b'/v2.1/os-aggregates/2147483648',
                     b'/v2.1/os-hypervisors/9223372036854775808'):
            self.assertFault(self.send('GET', path), 404, 'not be found')
        self.assertFault(self.send(
            'DELETE', b'/v2.1/os-aggregates/9223372036854775808'), 404,
            '9223372036854775808')

    def test_filters_beyond_any_column_find_nothing(self):
        # As Nova: minRam and minDisk beyond every flavor, an offset past
        # every group -- an empty list, not a database overflow.
        big = 2 ** 64
        for path, key in (('/flavors?minRam=%d' % big, 'flavors'),
                          ('/flavors/detail?minDisk=%d' % big, 'flavors'),
                          ('/os-server-groups?offset=%d' % big,
                           'server_groups')):
            resp = self.cloud.api.get(path)
            self.assertEqual(200, resp.status, resp)
            self.assertEqual([], resp.body[key])

    # -- the name filter -----------------------------------------------------

    def test_name_filter_that_would_run_away_is_400_in_bounded_time(self):
        started = time.monotonic()
        resp = self.cloud.api.get('/servers?name=(a%7Caa)%2B%24')
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(400, resp.status, resp)
        self.assertIn('query parameters name', resp.body['badRequest'][
            'message'])
        self.assertIn('simplify it', resp.body['badRequest']['message'])

    def test_name_filter_invalid_or_too_long_is_400_naming_name(self):
        for query in ('name=(', 'name=a%5B', 'name=' + 'a.' * 200):
            resp = self.cloud.api.get('/servers?' + query)
            self.assertEqual(400, resp.status, resp)
            self.assertIn('query parameters name',
                          resp.body['badRequest']['message'])

    def test_name_filter_still_matches(self):
        names = [s['name'] for s in self.cloud.api.get(
            '/servers?name=%5Ea%2B!%24').body['servers']]
        self.assertEqual([PATHOLOGICAL_NAME], names)
