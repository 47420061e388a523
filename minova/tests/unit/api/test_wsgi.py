"""The router and the paste loading of the compute API."""

import filecmp
import os

import testtools
import webob

from minova.api import microversion
from minova.api import wsgi
from minova import exception
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api import fakes

REPO = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')


class TestRouting(testtools.TestCase):
    def setUp(self):
        super().setUp()
        fakes.ThingsController.instances = []
        self.app, self.conf = fakes.make_app(self)

    def test_handler_gets_context_conf_and_url_params(self):
        resp = fakes.request(self.app, '/v2.1/things/abc')
        self.assertEqual({'thing': {'id': 'abc'}}, resp.json)
        self.assertEqual('application/json', resp.content_type)
        resp = fakes.request(self.app, '/v2.1/whoami')
        self.assertEqual('testhost', resp.json['conf_host'])
        self.assertEqual('demo', resp.json['user_id'])

    def test_literal_segments_win_over_placeholders(self):
        resp = fakes.request(self.app, '/v2.1/things/detail')
        self.assertEqual({'things': ['detail']}, resp.json)

    def test_unknown_url_is_404_item_not_found(self):
        resp = fakes.request(self.app, '/v2.1/no/such/thing')
        self.assertEqual(404, resp.status_int)
        self.assertEqual({'itemNotFound': {
            'code': 404, 'message': 'The resource could not be found.'}},
            resp.json)

    def test_trailing_slash_is_another_url(self):
        self.assertEqual(404, fakes.request(self.app, '/v2.1/things/x/')
                         .status_int)

    def test_other_method_is_405_with_allow(self):
        resp = fakes.request(self.app, '/v2.1/things/abc', method='PATCH')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('DELETE, GET', resp.headers['Allow'])
        self.assertEqual(405, resp.json['badMethod']['code'])

    def test_response_code_body_and_headers_from_handler(self):
        resp = fakes.request(self.app, '/v2.1/create', method='POST',
                             json_body={'thing': {'name': 'a'}})
        self.assertEqual(202, resp.status_int)
        self.assertEqual({'thing': {'name': 'a', 'id': '42'}}, resp.json)
        self.assertEqual('http://localhost/v2.1/create/42',
                         resp.headers['Location'])

    def test_none_result_is_an_empty_body(self):
        resp = fakes.request(self.app, '/v2.1/things/abc', method='DELETE')
        self.assertEqual(204, resp.status_int)
        self.assertEqual(b'', resp.body)

    def test_a_returned_response_is_sent_as_is(self):
        resp = fakes.request(self.app, '/v2.1/raw')
        self.assertEqual((299, b'raw'), (resp.status_int, resp.body))

    def test_controller_class_is_built_once_with_conf(self):
        first = fakes.request(self.app, '/v2.1/things').json['controller']
        resp = fakes.request(self.app, '/v2.1/things', method='POST',
                             json_body={'thing': {'name': 'x'}})
        self.assertEqual(200, resp.status_int)
        self.assertEqual(first,
                         fakes.request(self.app, '/v2.1/things')
                         .json['controller'])
        # One per router: the public /v2.1 pipeline has its own, and so
        # have /v2's two.
        self.assertEqual(4, len(fakes.ThingsController.instances))
        self.assertIs(self.conf, fakes.ThingsController.instances[0].conf)

    def test_project_id_in_url_is_accepted_when_it_is_the_callers(self):
        resp = fakes.request(self.app, '/v2.1/6f70656e/things/abc',
                             token='demo:6f70656e')
        self.assertEqual({'thing': {'id': 'abc'}}, resp.json)

    def test_project_id_in_url_must_match_the_context(self):
        resp = fakes.request(self.app, '/v2.1/6f70656e/things/abc',
                             token='demo:other')
        self.assertEqual(400, resp.status_int)
        self.assertEqual(
            "Malformed request URL: URL's project_id '6f70656e' doesn't "
            "match Context's project_id 'other'",
            resp.json['badRequest']['message'])


class TestRequestBody(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)

    def _post(self, body, content_type='application/json', method='POST'):
        return fakes.request(self.app, '/v2.1/echo', method=method,
                             body=body, content_type=content_type)

    def test_json_body_reaches_the_handler(self):
        self.assertEqual({'body': {'a': [1]}},
                         self._post(b'{"a": [1]}').json)
        self.assertEqual({'body': {'a': 1}},
                         self._post(b'{"a": 1}', method='PUT').json)

    def test_empty_body_is_none(self):
        self.assertEqual({'body': None}, self._post(b'').json)

    def test_malformed_json_is_400_naming_the_problem(self):
        resp = self._post(b'{"a": ')
        self.assertEqual(400, resp.status_int)
        message = resp.json['badRequest']['message']
        self.assertTrue(message.startswith('Malformed request body: '),
                        message)
        self.assertIn('line 1 column', message)

    def test_lenient_content_types_mean_json(self):
        for content_type in ('text/plain', '',
                             'application/vnd.openstack.compute+json',
                             'application/json; charset=UTF-8'):
            resp = self._post(b'{"a": 1}', content_type=content_type)
            self.assertEqual(200, resp.status_int, content_type)

    def test_other_content_type_is_415(self):
        resp = self._post(b'<a/>', content_type='application/xml')
        self.assertEqual(415, resp.status_int)
        self.assertEqual({'badMediaType': {
            'code': 415, 'message': 'Unsupported Content-Type'}}, resp.json)

    def test_schema_violation_names_the_field(self):
        resp = fakes.request(self.app, '/v2.1/create', method='POST',
                             json_body={'thing': {'name': 'far too long'}})
        self.assertEqual(400, resp.status_int)
        self.assertEqual(
            "Invalid input for field/attribute name. Value: far too long. "
            "'far too long' is too long", resp.json['badRequest']['message'])


class TestVersionedHandlers(testtools.TestCase):
    """The router picks the handler whose range holds the version."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.router = wsgi.APIRouter(conf, fakes.ROUTES)

    def _get(self, version):
        req = webob.Request.blank('/versioned')
        req.environ[microversion.ENV_KEY] = microversion.APIVersionRequest(
            version)
        return self.router.dispatch(wsgi.Request(req.environ))

    def test_each_range_gets_its_handler(self):
        self.assertEqual({'handler': 'old'}, self._get('2.1').json)
        self.assertEqual({'handler': 'new'}, self._get('2.2').json)
        self.assertEqual({'handler': 'new'}, self._get('2.90').json)

    def test_no_handler_for_the_version_is_404(self):
        @microversion.version_handler('2.5')
        def late(req):
            return {}
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.router = wsgi.APIRouter(conf, {'/versioned': {'GET': [late]}})
        self.assertRaises(webob.exc.HTTPNotFound, self._get, '2.4')

    def test_overlapping_ranges_are_refused_at_start(self):
        @microversion.version_handler('2.1', '2.3')
        def one(req):
            pass

        @microversion.version_handler('2.3')
        def two(req):
            pass
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.assertRaises(ValueError, wsgi.APIRouter, conf,
                          {'/x': {'GET': [one, two]}})
        self.assertRaises(ValueError, wsgi.APIRouter, conf,
                          {'/x': {'GET': [fakes.whoami, two]}})


class TestPasteLoading(testtools.TestCase):
    def test_bundled_paste_file_matches_etc(self):
        etc = os.path.join(REPO, 'etc', 'minova', 'api-paste.ini')
        if not os.path.exists(etc):
            self.skipTest('no source tree (installed package)')
        bundled = os.path.join(wsgi.BUNDLED_PASTE_DIR, 'api-paste.ini')
        self.assertTrue(filecmp.cmp(etc, bundled, shallow=False),
                        'etc/minova/api-paste.ini and minova/api/api-paste.ini'
                        ' differ: copy one over the other')

    def test_relative_path_falls_back_to_the_bundled_file(self):
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.assertEqual(os.path.join(wsgi.BUNDLED_PASTE_DIR, 'api-paste.ini'),
                         wsgi.find_paste_config(conf))

    def test_missing_paste_file_names_the_option(self):
        conf = self.useFixture(minova_fixtures.ConfFixture(
            **{'api.api_paste_config': '/nonexistent/paste.ini'})).conf
        exc = self.assertRaises(exception.ConfigError,
                                wsgi.init_application, conf)
        self.assertIn('api_paste_config', exc.format_message())

    def test_factories_without_conf_say_how_to_load(self):
        exc = self.assertRaises(exception.ConfigError, wsgi.router_factory, {})
        self.assertIn('init_application', exc.format_message())

    def test_two_apps_with_different_confs_share_a_process(self):
        app1, _ = fakes.make_app(self, **{'host': 'one'})
        app2, _ = fakes.make_app(self, **{'host': 'two'})
        self.assertEqual('one', fakes.request(app1, '/v2.1/whoami')
                         .json['conf_host'])
        self.assertEqual('two', fakes.request(app2, '/v2.1/whoami')
                         .json['conf_host'])

    def test_default_routing_table_serves_the_version_documents(self):
        conf = self.useFixture(minova_fixtures.ConfFixture(
            **{'api.auth_strategy': 'noauth2'})).conf
        app = wsgi.init_application(conf)
        resp = fakes.request(app, '/v2.1/versions/v2.1', token='a:b')
        self.assertEqual('v2.1', resp.json['version']['id'])
