"""A URL whose path or query does not decode as UTF-8 is a 400 up front."""

import testtools
import webob.exc

from minova.api import url_check


def environ(path, query=b''):
    # As WSGI hands them over: bytes in Latin-1 strings.
    return {'PATH_INFO': path.decode('latin-1'),
            'QUERY_STRING': query.decode('latin-1')}


class TestCheckURL(testtools.TestCase):

    def assertRefused(self, env, *words):
        exc = self.assertRaises(webob.exc.HTTPBadRequest,
                                url_check.check_url, env)
        for word in words:
            self.assertIn(word, exc.explanation)

    def test_utf8_passes(self):
        url_check.check_url(environ('/v2.1/servers/é'.encode('utf-8'),
                                    b'name=%C3%A9&limit=1&x&=&;'))
        url_check.check_url({})

    def test_undecodable_path(self):
        for path in (b'/v2.1/\xff', b'/\xed\xa0\x80', b'/\xc3('):
            self.assertRefused(environ(path), 'URL path')

    def test_undecodable_query_value_names_the_parameter(self):
        for query in (b'name=%ff', b'name=\xff', b'a=1&name=%ed%a0%80',
                      b'a=1;name=%c3'):
            self.assertRefused(environ(b'/', query),
                               'query parameters name', 'UTF-8')

    def test_undecodable_query_name(self):
        self.assertRefused(environ(b'/', b'%ff=1'), 'parameter name')
