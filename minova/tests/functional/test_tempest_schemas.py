"""The check every functional test's answers go through: it finds
Tempest's schema of a route at a version, and fails on what breaks it."""

import testtools

from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import tempest_schemas

_LINKS = [{'rel': 'self', 'href': 'http://127.0.0.1/v2.1/flavors/1'},
          {'rel': 'bookmark', 'href': 'http://127.0.0.1/flavors/1'}]


class TestTempestSchemas(testtools.TestCase):

    def test_a_route_finds_its_schema_by_version(self):
        flavors = tempest_schemas.schema_for('GET', '/flavors/detail', '2.1',
                                             None)
        self.assertIn('flavors', flavors['response_body']['properties'])
        # 2.55 adds the description, 2.61 the extra specs.
        for version, field in (('2.55', 'description'),
                               ('2.61', 'extra_specs')):
            detail = tempest_schemas.schema_for('GET', '/flavors/detail',
                                                version, None)
            item = detail['response_body']['properties']['flavors']['items']
            self.assertIn(field, item['properties'], version)
        self.assertIsNone(tempest_schemas.schema_for('GET', '/nowhere',
                                                     '2.1', None))

    def test_a_missing_or_mistyped_field_fails(self):
        good = {'flavors': [{'id': '1', 'name': 'm1.tiny',
                             'links': _LINKS}]}
        tempest_schemas.check('GET', '/flavors', '2.1', 200, good)
        self.assertRaises(AssertionError, tempest_schemas.check, 'GET',
                          '/flavors', '2.1', 200,
                          {'flavors': [{'id': '1', 'links': _LINKS}]})
        self.assertRaises(AssertionError, tempest_schemas.check, 'GET',
                          '/flavors', '2.1', 200,
                          {'flavors': [{'id': 1, 'name': 'x',
                                        'links': _LINKS}]})
        # The status code too; an error answer is not checked.
        self.assertRaises(AssertionError, tempest_schemas.check, 'GET',
                          '/flavors', '2.1', 201, good)
        tempest_schemas.check('GET', '/flavors', '2.1', 404, {'x': 1})

    def test_the_api_client_checks_every_answer(self):
        cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        checked = []
        real = tempest_schemas.check
        self.patch(tempest_schemas, 'check',
                   lambda *args: checked.append(args[:4]) or real(*args))
        cloud.api.get('/flavors?limit=1')
        cloud.api.get('/servers/nope')
        self.assertEqual([('GET', '/flavors', '2.1', 200),
                          ('GET', '/servers/nope', '2.1', 404)], checked)
