"""Microversions: parsing, negotiation, the echoed headers, and the
per-version behaviour of every version minova claims."""

import os

import testtools
import webob

from minova.api import microversion
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api import fakes

APIVersionRequest = microversion.APIVersionRequest
VARY = 'OpenStack-API-Version, X-OpenStack-Nova-API-Version'


class TestAPIVersionRequest(testtools.TestCase):
    def test_parse_and_compare(self):
        self.assertEqual((2, 10), (APIVersionRequest('2.10').major,
                                   APIVersionRequest('2.10').minor))
        self.assertLess(APIVersionRequest('2.9'), APIVersionRequest('2.10'))
        self.assertGreater(APIVersionRequest('2.10'), '2.9')
        self.assertEqual(APIVersionRequest('2.1'), '2.1')
        self.assertEqual('2.47', str(APIVersionRequest('2.47')))

    def test_malformed_versions_are_refused(self):
        for bad in ('2', '2.x', '02.1', '2.01', 'v2.1', '', '2.1.1', 'latest'):
            self.assertRaises(microversion.InvalidAPIVersionString,
                              APIVersionRequest, bad)

    def test_matches_with_open_ends(self):
        v = APIVersionRequest('2.5')
        self.assertTrue(v.matches('2.1', '2.5'))
        self.assertTrue(v.matches('2.5'))
        self.assertTrue(v.matches(None, '2.6'))
        self.assertTrue(v.matches())
        self.assertFalse(v.matches('2.6'))
        self.assertFalse(v.matches('2.1', '2.4'))

    def test_hashable_and_usable_as_dict_key(self):
        self.assertEqual({APIVersionRequest('2.1'): 'a'}[APIVersionRequest('2.1')],
                         'a')


class TestNegotiate(testtools.TestCase):
    def _negotiate(self, headers, max_version='2.10'):
        return microversion.negotiate(headers, APIVersionRequest('2.1'),
                                      APIVersionRequest(max_version))

    def test_no_header_means_minimum(self):
        self.assertEqual('2.1', self._negotiate({}))

    def test_standard_header(self):
        self.assertEqual('2.3', self._negotiate(
            {'OpenStack-API-Version': 'compute 2.3'}))

    def test_standard_header_naming_several_services(self):
        self.assertEqual('2.4', self._negotiate(
            {'OpenStack-API-Version': 'placement 1.9, compute 2.4'}))

    def test_other_service_only_means_minimum(self):
        self.assertEqual('2.1', self._negotiate(
            {'OpenStack-API-Version': 'placement 1.9'}))

    def test_legacy_header(self):
        self.assertEqual('2.5', self._negotiate(
            {'X-OpenStack-Nova-API-Version': '2.5'}))

    def test_standard_header_wins_over_legacy(self):
        self.assertEqual('2.6', self._negotiate(
            {'OpenStack-API-Version': 'compute 2.6',
             'X-OpenStack-Nova-API-Version': '2.2'}))

    def test_latest_means_maximum(self):
        self.assertEqual('2.10', self._negotiate(
            {'OpenStack-API-Version': 'compute latest'}))
        self.assertEqual('2.10', self._negotiate(
            {'X-OpenStack-Nova-API-Version': 'latest'}))

    def test_out_of_range_is_406_with_novas_message(self):
        exc = self.assertRaises(
            microversion.InvalidGlobalAPIVersion, self._negotiate,
            {'OpenStack-API-Version': 'compute 2.11'})
        self.assertEqual(406, exc.code)
        self.assertEqual('Version 2.11 is not supported by the API. Minimum '
                         'is 2.1 and maximum is 2.10.', exc.format_message())

    def test_malformed_is_400(self):
        exc = self.assertRaises(
            microversion.InvalidAPIVersionString, self._negotiate,
            {'OpenStack-API-Version': 'compute two'})
        self.assertEqual(400, exc.code)


class TestMiddleware(testtools.TestCase):
    """Through the real pipeline: every answer carries the headers."""

    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)

    def assertVersionHeaders(self, response, version):
        self.assertEqual('compute ' + version,
                         response.headers['OpenStack-API-Version'])
        self.assertEqual(version,
                         response.headers['X-OpenStack-Nova-API-Version'])
        self.assertEqual(VARY, response.headers['Vary'])

    def test_handler_sees_the_negotiated_version(self):
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute 2.1'})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.1', resp.json['api_version'])
        self.assertVersionHeaders(resp, '2.1')

    def test_every_kind_of_answer_echoes_the_version(self):
        for path, token, status in [
                ('/', None, 200), ('/v2.1', None, 200), ('/v2.1/', None, 200),
                ('/v3', None, 300), ('/v2.1/whoami', None, 401),
                ('/v2.1/nowhere', 'a:b', 404),
                ('/v2.1/errors/unexpected', 'a:b', 500)]:
            resp = fakes.request(self.app, path, token=token)
            self.assertEqual(status, resp.status_int, path)
            self.assertVersionHeaders(resp, '2.1')

    def test_out_of_range_answers_406_compute_fault(self):
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute 9.0'})
        self.assertEqual(406, resp.status_int)
        self.assertEqual(
            {'computeFault': {'code': 406, 'message': (
                'Version 9.0 is not supported by the API. Minimum is %s and '
                'maximum is %s.' % (microversion.MIN_VERSION,
                                    microversion.MAX_VERSION))}},
            resp.json)
        self.assertVersionHeaders(resp, str(microversion.MIN_VERSION))
        self.assertIn('x-openstack-request-id', resp.headers)

    def test_malformed_answers_400(self):
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'X-OpenStack-Nova-API-Version': '2.one'})
        self.assertEqual(400, resp.status_int)
        self.assertIn('2.one is of invalid format', resp.json['badRequest']
                      ['message'])

    def test_latest_is_the_maximum(self):
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute latest'})
        self.assertEqual(str(microversion.MAX_VERSION),
                         resp.json['api_version'])

    def test_vary_keeps_existing_values(self):
        response = webob.Response()
        response.headers['Vary'] = 'Accept'
        microversion.set_response_headers(response, APIVersionRequest('2.1'))
        self.assertEqual('Accept, ' + VARY, response.headers['Vary'])

    def test_header_list_gets_each_header_once_last(self):
        headers = [('vary', 'Accept'), ('openstack-api-version', 'old'),
                   ('Content-Type', 'application/json'),
                   ('Vary', 'Accept-Encoding, OpenStack-API-Version')]
        self.assertIs(headers, microversion.add_response_headers(
            headers, APIVersionRequest('2.1')))
        self.assertEqual([
            ('Content-Type', 'application/json'),
            ('OpenStack-API-Version', 'compute 2.1'),
            ('X-OpenStack-Nova-API-Version', '2.1'),
            ('Vary', 'Accept-Encoding, OpenStack-API-Version, '
                     'X-OpenStack-Nova-API-Version')], headers)


class TestClaimedVersions(testtools.TestCase):
    """One check per version minova claims, and the history document."""

    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)

    def test_versions_are_ordered_and_unique(self):
        versions = [APIVersionRequest(v) for v, _ in microversion.VERSIONS]
        self.assertEqual(sorted(set(versions)), versions)
        self.assertTrue(all(why.strip() for _, why in microversion.VERSIONS))

    def test_2_1_is_the_base(self):
        resp = fakes.request(self.app, '/v2.1/', token=None, headers={
            'OpenStack-API-Version': 'compute 2.1'})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.1', resp.json['version']['min_version'])

    def test_every_claimed_version_is_served(self):
        for version, _ in microversion.VERSIONS:
            resp = fakes.request(self.app, '/v2.1/whoami', headers={
                'OpenStack-API-Version': 'compute ' + version})
            self.assertEqual(version, resp.json['api_version'])

    def test_one_past_the_maximum_is_refused(self):
        past = '%d.%d' % (microversion.MAX_VERSION.major,
                          microversion.MAX_VERSION.minor + 1)
        resp = fakes.request(self.app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute ' + past})
        self.assertEqual(406, resp.status_int)

    def test_history_documents_every_version(self):
        path = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                            'doc', 'source', 'api_microversion_history.rst')
        if not os.path.exists(path):
            self.skipTest('no source tree docs (installed package)')
        with open(path) as f:
            text = f.read()
        for version, _ in microversion.VERSIONS:
            self.assertIn('\n%s\n' % version, text)


class TestMicroversionCeiling(testtools.TestCase):
    """The test fixture that serves versions above the claimed maximum."""

    def test_pipeline_built_under_it_serves_up_to_it(self):
        self.useFixture(minova_fixtures.MicroversionCeiling('2.99'))
        app, _ = fakes.make_app(self)
        resp = fakes.request(app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute 2.99'})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.99', resp.json['api_version'])
        resp = fakes.request(app, '/v2.1/whoami', headers={
            'OpenStack-API-Version': 'compute 2.100'})
        self.assertEqual(406, resp.status_int)
