"""JSON schema validation: messages name the field, ranges follow the
microversion."""

import testtools
import webob

from minova.api import microversion
from minova.api import validation
from minova.api import wsgi
from minova import exception
from minova.tests.unit.api import fakes


def _request(version='2.1', query=''):
    req = wsgi.Request(webob.Request.blank('/x' + query).environ)
    req.environ[microversion.ENV_KEY] = microversion.APIVersionRequest(version)
    return req


class TestValidate(testtools.TestCase):
    def _message(self, body):
        exc = self.assertRaises(exception.ValidationError, validation.validate,
                                fakes.SCHEMA, body)
        self.assertEqual(400, exc.code)
        return exc.format_message()

    def test_valid_body_passes(self):
        validation.validate(fakes.SCHEMA, {'thing': {'name': 'ok'}})

    def test_wrong_type_names_the_field_and_value(self):
        self.assertEqual("Invalid input for field/attribute name. Value: 42. "
                         "42 is not of type 'string'",
                         self._message({'thing': {'name': 42}}))

    def test_missing_top_level_property(self):
        self.assertEqual("'thing' is a required property", self._message({}))

    def test_unexpected_property_is_named(self):
        self.assertIn("('colour' was unexpected)", self._message(
            {'thing': {'name': 'a', 'colour': 'red'}}))

    def test_not_an_object(self):
        self.assertEqual("None is not of type 'object'", self._message(None))


class TestDecorators(testtools.TestCase):
    def test_schema_applies_in_its_range_only(self):
        @validation.schema(fakes.SCHEMA, '2.1', '2.4')
        def handler(req, body):
            return 'called'

        self.assertRaises(exception.ValidationError, handler,
                          _request('2.1'), body={})
        self.assertEqual('called', handler(_request('2.5'), body={}))

    def test_schema_on_a_method(self):
        class Controller:
            @validation.schema(fakes.SCHEMA)
            def create(self, req, body):
                return body

        body = {'thing': {'name': 'n'}}
        self.assertEqual(body, Controller().create(_request(), body=body))
        self.assertRaises(exception.ValidationError, Controller().create,
                          _request(), body={'thing': {}})

    def test_query_schema_sees_lists_of_values(self):
        schema = {'type': 'object',
                  'properties': {'limit': {
                      'type': 'array',
                      'items': {'type': 'string', 'pattern': '^[0-9]+$'}}}}

        @validation.query_schema(schema)
        def index(req):
            return req.GET.dict_of_lists()

        self.assertEqual({'limit': ['5']}, index(_request(query='?limit=5')))
        exc = self.assertRaises(exception.ValidationError, index,
                                _request(query='?limit=x'))
        self.assertIn('Invalid input for query parameters limit. Value: x.',
                      exc.format_message())
