"""noauth2 and keystone: the context a handler receives."""

from keystoneauth1 import fixture as ks_fixture
from keystonemiddleware import auth_token
from keystonemiddleware import fixture as ksm_fixture
import testtools

from minova.api.middleware import auth
from minova.api.middleware import context as context_middleware
from minova.api import wsgi
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api import fakes


def _pipeline(app):
    """The objects of a loaded pipeline, outermost first."""
    found = []
    while app is not None:
        found.append(app)
        app = getattr(app, 'application', None) or getattr(app, '_app', None)
    return found


def _api_pipeline(app):
    """The pipeline that serves /v2.1/... in the urlmap."""
    for prefix, strict, mounted in app.apps:
        if prefix == '/v2.1' and strict:
            return _pipeline(mounted)
    raise AssertionError('no /v2.1/+ app')


class TestNoAuth(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)

    def test_user_and_project_from_the_token(self):
        ctx = fakes.request(self.app, '/v2.1/whoami', token='alice:proj').json
        self.assertEqual(('alice', 'proj', ['member', 'reader'], False),
                         (ctx['user_id'], ctx['project_id'], ctx['roles'],
                          ctx['is_admin']))

    def test_token_without_project_uses_the_user(self):
        ctx = fakes.request(self.app, '/v2.1/whoami', token='bob').json
        self.assertEqual(('bob', 'bob'), (ctx['user_id'], ctx['project_id']))

    def test_admin_user_is_admin(self):
        ctx = fakes.request(self.app, '/v2.1/whoami', token='admin:p').json
        self.assertEqual((['admin', 'member', 'reader'], True),
                         (ctx['roles'], ctx['is_admin']))

    def test_x_roles_header_is_ignored(self):
        # Regression: X-Roles: admin made any caller an admin.
        ctx = fakes.request(self.app, '/v2.1/whoami', token='carol:p',
                            headers={'X-Roles': 'admin, member'}).json
        self.assertEqual((['member', 'reader'], False), (ctx['roles'], ctx['is_admin']))

    def test_x_roles_header_cannot_take_roles_from_admin(self):
        ctx = fakes.request(self.app, '/v2.1/whoami', token='admin:p',
                            headers={'X-Roles': 'reader'}).json
        self.assertEqual((['admin', 'member', 'reader'], True),
                         (ctx['roles'], ctx['is_admin']))

    def test_missing_token_is_401(self):
        resp = fakes.request(self.app, '/v2.1/whoami', token=None)
        self.assertEqual(401, resp.status_int)
        self.assertIn('X-Auth-Token', resp.json['unauthorized']['message'])

    def test_legacy_auth_handshake(self):
        resp = fakes.request(self.app, '/v2.1/whoami', token=None, headers={
            'X-Auth-User': 'dave', 'X-Auth-Project-Id': 'proj'})
        self.assertEqual(204, resp.status_int)
        self.assertEqual('dave:proj', resp.headers['X-Auth-Token'])
        self.assertEqual('http://localhost/v2.1/whoami',
                         resp.headers['X-Server-Management-Url'])

    def test_version_documents_need_no_token(self):
        for path in ('/', '/v2.1', '/v2.1/'):
            self.assertEqual(
                200, fakes.request(self.app, path, token=None).status_int)

    def test_pipeline_order(self):
        kinds = [type(app).__name__ for app in _api_pipeline(self.app)]
        self.assertEqual(['RequestIdMiddleware', 'MicroversionMiddleware',
                          'FaultWrapper', 'RequestBodySizeLimiter',
                          'NoAuthMiddleware', 'APIRouter'], kinds)


class TestKeystone(testtools.TestCase):
    """keystonemiddleware's real auth_token, with tokens from its fixture."""

    def setUp(self):
        super().setUp()
        self.tokens = self.useFixture(ksm_fixture.AuthTokenFixture())
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            **{'api.auth_strategy': 'keystone'})).conf
        for group, opts in auth_token.list_opts():
            self.conf.register_opts(opts, group=group)
        self.conf.set_override('www_authenticate_uri',
                               'http://keystone.invalid/identity',
                               group='keystone_authtoken')
        self.app = wsgi.init_application(self.conf, routes=fakes.ROUTES)

    def test_auth_strategy_selects_the_keystone_pipeline(self):
        apps = _api_pipeline(self.app)
        self.assertIsInstance(apps[4], auth_token.AuthProtocol)
        self.assertIsInstance(apps[5], context_middleware.KeystoneContext)
        self.assertNotIn(auth.NoAuthMiddleware, [type(a) for a in apps])

    def test_auth_token_reads_this_apps_conf(self):
        # The URI set on this conf (not on the global cfg.CONF) is the one
        # auth_token tells clients to authenticate with.
        resp = fakes.request(self.app, '/v2.1/whoami', token=None)
        self.assertEqual('Keystone uri="http://keystone.invalid/identity"',
                         resp.headers['WWW-Authenticate'])

    def test_context_from_a_valid_token(self):
        self.tokens.add_token_data(token_id='tok', user_id='u1',
                                   project_id='p1', role_list=['member'])
        resp = fakes.request(self.app, '/v2.1/whoami', token='tok')
        self.assertEqual(200, resp.status_int, resp.text)
        ctx = resp.json
        self.assertEqual(('u1', 'p1', ['member'], False),
                         (ctx['user_id'], ctx['project_id'], ctx['roles'],
                          ctx['is_admin']))
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         ctx['request_id'])

    def test_admin_role_is_admin(self):
        self.tokens.add_token_data(token_id='tok', user_id='u1',
                                   project_id='p1', role_list=['admin'])
        ctx = fakes.request(self.app, '/v2.1/whoami', token='tok').json
        self.assertTrue(ctx['is_admin'])

    def test_context_takes_the_catalog_of_the_token(self):
        # auth_token passes it on (X-Service-Catalog, v2 style); the
        # context keeps the volume service minova calls with the token.
        token = ks_fixture.V3Token(user_id='u1', project_id='p1')
        token.add_role(name='member')
        for kind in ('block-storage', 'image'):
            token.add_service(kind).add_standard_endpoints(
                public='http://%s.example/v3' % kind, region='RegionOne')
        self.tokens.add_token(token, token_id='tok')
        ctx = fakes.request(self.app, '/v2.1/whoami', token='tok').json
        [service] = ctx['service_catalog']
        self.assertEqual('block-storage', service['type'])
        self.assertEqual([('RegionOne', 'http://block-storage.example/v3')],
                         [(e['region'], e['publicURL'])
                          for e in service['endpoints']])

    def test_invalid_or_missing_token_is_401(self):
        self.assertEqual(401, fakes.request(self.app, '/v2.1/whoami',
                                            token='bogus').status_int)
        resp = fakes.request(self.app, '/v2.1/whoami', token=None)
        self.assertEqual(401, resp.status_int)
        self.assertIn('x-compute-request-id', resp.headers)

    def test_noauth_style_token_is_not_trusted(self):
        self.assertEqual(401, fakes.request(self.app, '/v2.1/whoami',
                                            token='admin:admin').status_int)

    def test_version_documents_need_no_token(self):
        self.assertEqual(
            200, fakes.request(self.app, '/v2.1/', token=None).status_int)
