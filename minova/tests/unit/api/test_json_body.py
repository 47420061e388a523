"""Request bodies: what Python's json lets through and nothing behind the
router could store or serialise is a 400 naming the field."""

import testtools
import webob.exc

from minova.api import json_body
from minova import exception


class TestLoads(testtools.TestCase):

    def assertMalformed(self, data, *words):
        exc = self.assertRaises(webob.exc.HTTPBadRequest, json_body.loads,
                                data)
        self.assertIn('Malformed request body', exc.explanation)
        for word in words:
            self.assertIn(word, exc.explanation)

    def assertInvalid(self, data, *words):
        exc = self.assertRaises(exception.ValidationError, json_body.loads,
                                data)
        self.assertEqual(400, exc.code)
        for word in words:
            self.assertIn(word, exc.format_message())

    def test_plain_json(self):
        self.assertEqual({'a': [1, 2.5, 'é', None, True]},
                         json_body.loads('{"a": [1, 2.5, "é", null, true]}'
                                         .encode('utf-8')))

    def test_nan_and_infinities_are_refused(self):
        for constant in (b'NaN', b'Infinity', b'-Infinity'):
            self.assertMalformed(b'{"a": %s}' % constant, constant.decode())

    def test_a_float_beyond_double_is_refused(self):
        self.assertMalformed(b'{"a": 1e999}', '1e999', 'out of range')

    def test_nesting_deeper_than_python_recurses_is_400(self):
        self.assertMalformed(b'[' * 100000 + b']' * 100000, 'nested')

    def test_nesting_deeper_than_max_depth_is_400(self):
        depth = json_body.MAX_DEPTH
        json_body.loads(b'[' * depth + b']' * depth)
        self.assertMalformed(b'[' * (depth + 1) + b']' * (depth + 1),
                             'nested deeper than %d' % depth)

    def test_lone_surrogate_names_the_field(self):
        self.assertInvalid(b'{"server": {"name": "a\\ud800"}}',
                           'field/attribute name', 'surrogate')
        self.assertInvalid(b'{"meta": [["\\udfff"]]}', 'attribute meta')
        self.assertInvalid(b'{"metadata": {"\\udbff": "v"}}',
                           'attribute metadata', 'in a key')

    def test_a_surrogate_pair_is_text(self):
        self.assertEqual({'a': '\U0001f600'},
                         json_body.loads(b'{"a": "\\ud83d\\ude00"}'))

    def test_lone_surrogate_at_the_top_is_malformed(self):
        self.assertMalformed(b'"\\ud800"', 'surrogate')

    def test_nul_names_the_field(self):
        self.assertInvalid(b'{"extra_specs": {"k": "\\u0000"}}',
                           'field/attribute k', 'NUL')

    def test_integer_beyond_64_bits_names_the_field(self):
        json_body.loads(b'{"a": %d}' % json_body.MAX_INTEGER)
        self.assertInvalid(b'{"server": {"min_count": %d}}' % 2 ** 64,
                           'field/attribute min_count', 'out of range')
        self.assertInvalid(b'{"a": %d}' % -(2 ** 63 + 1), 'attribute a')

    def test_undecodable_bytes_are_malformed(self):
        self.assertMalformed(b'{"a": "\xff"}')
