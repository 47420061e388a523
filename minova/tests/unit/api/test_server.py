"""The request parsing of minova.api.server, without a socket."""

import http.client
import io

import testtools

from minova.api import server


def _parsed(raw):
    return server._read_headers(io.BytesIO(raw))


def _email_parsed(raw):
    return list(http.client.parse_headers(io.BytesIO(raw)).items())


class TestReadHeaders(testtools.TestCase):
    def test_usual_headers_read_as_the_email_parser_reads_them(self):
        raw = (b'Host: h:1\r\nX-Auth-Token: a:b\r\nX-Multi: 1\r\n'
               b'x-multi:2 \r\nX-Empty:\r\nX-Tab:\t v\t\r\n\r\nbody')
        self.assertEqual(_email_parsed(raw), _parsed(raw).items())

    def test_get_is_case_insensitive_and_finds_the_first(self):
        headers = _parsed(b'X-Multi: 1\r\nx-multi: 2\r\n\r\n')
        self.assertEqual('1', headers.get('X-MULTI'))
        self.assertEqual('d', headers.get('Missing', 'd'))

    def test_unusual_lines_are_left_to_the_email_parser(self):
        for raw in (b'X-Folded: a\r\n  b\r\nX-After: 1\r\n\r\n',
                    b'Host: h\r\nNo colon here\r\nX-After: 1\r\n\r\n',
                    b'Bad Name: 1\r\n\r\n',
                    b'X-Last: no newline'):
            self.assertEqual(_email_parsed(raw), _parsed(raw).items(), raw)

    def test_stops_at_the_blank_line(self):
        rfile = io.BytesIO(b'A: 1\n\nrest')
        self.assertEqual([('A', '1')], server._read_headers(rfile).items())
        self.assertEqual(b'rest', rfile.read())

    def test_limits_are_http_clients(self):
        too_many = b''.join(b'X-%d: 1\r\n' % i
                            for i in range(server.MAX_HEADERS)) + b'\r\n'
        self.assertRaises(http.client.HTTPException, _parsed, too_many)
        self.assertRaises(http.client.LineTooLong, _parsed,
                          b'X: ' + b'a' * server.MAX_LINE + b'\r\n\r\n')
        self.assertEqual(99, len(_parsed(too_many[too_many.index(b'\n') + 1:])
                                 .items()))


class TestAnswer(testtools.TestCase):
    def _collect(self, result, status='200 OK', headers=()):
        response = server._Response()
        response.start_response(status, list(headers))
        response.collect(result)
        return response

    def test_a_one_block_result_is_sized(self):
        response = self._collect([b'abc'])
        self.assertTrue(response.sized)
        self.assertEqual(3, response.length)

    def test_other_results_are_not(self):
        self.assertFalse(self._collect([b'a', b'b']).sized)
        self.assertFalse(self._collect(iter([b'a'])).sized)

    def test_start_response_checks_what_wsgiref_checks(self):
        response = server._Response()
        self.assertRaises(AssertionError, response.start_response,
                          '200 OK', [('Connection', 'close')])
        self.assertRaises(AssertionError, response.start_response,
                          'OK', [])
        self.assertRaises(TypeError, response.start_response,
                          '200 OK', (('A', 'b'),))
        response.start_response('200 OK', [])
        self.assertRaises(AssertionError, response.start_response,
                          '200 OK', [])
