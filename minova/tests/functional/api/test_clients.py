"""The real OpenStack clients discover minova as they discover Nova.

The recipe for noauth2 (documented in doc/source/api.rst): a keystoneauth
``token_endpoint`` / ``admin_token`` plugin that sends ``user:project`` as
the token to a fixed endpoint.
"""

import testtools

from minova.api import microversion
from minova.tests.functional.api import test_server
from minova.tests.unit.api import fakes

try:
    from keystoneauth1 import token_endpoint
    from novaclient import api_versions
    from novaclient import client as nova_client
    from novaclient import exceptions as nova_exceptions
except ImportError:  # pragma: no cover - test-requirements has them
    nova_client = None
try:
    import openstack
except ImportError:  # pragma: no cover
    openstack = None


class ClientTestCase(test_server.ServerFixtureMixin, testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.start_server(routes=fakes.ROUTES)
        self.endpoint = 'http://127.0.0.1:%d/v2.1' % self.server.port


@testtools.skipIf(nova_client is None, 'python-novaclient is not installed')
class TestNovaClient(ClientTestCase):
    def _client(self, version='2.1', token='admin:admin'):
        return nova_client.Client(
            version, auth=token_endpoint.Token(self.endpoint, token))

    def test_discovers_the_microversion_range(self):
        version = api_versions.discover_version(
            self._client(), api_versions.APIVersion('2.latest'))
        self.assertEqual(microversion.MAX_VERSION.get_string(),
                         version.get_string())
        current = self._client().versions.get_current()
        self.assertEqual(('2.1', str(microversion.MAX_VERSION)),
                         (current.min_version, current.version))

    def test_errors_carry_novas_message_and_request_id(self):
        exc = self.assertRaises(nova_exceptions.NotFound,
                                self._client().servers.get, 'nope')
        self.assertIn('could not be found', exc.message)
        self.assertTrue(exc.request_id.startswith('req-'))


@testtools.skipIf(openstack is None, 'openstacksdk is not installed')
class TestOpenStackSDK(ClientTestCase):
    def _connection(self, token='admin:admin'):
        return openstack.connection.Connection(
            auth_type='admin_token',
            auth={'endpoint': self.endpoint, 'token': token})

    def test_discovers_the_microversion_range(self):
        data = self._connection().compute.get_endpoint_data()
        self.assertEqual((2, 1), data.min_microversion)
        self.assertEqual((microversion.MAX_VERSION.major,
                          microversion.MAX_VERSION.minor),
                         data.max_microversion)

    def test_token_reaches_the_handler_as_the_context(self):
        compute = self._connection(token='alice:proj').compute
        resp = compute.get('/whoami', microversion='2.1')
        self.assertEqual(200, resp.status_code)
        self.assertEqual(('alice', 'proj'), (resp.json()['user_id'],
                                             resp.json()['project_id']))
        self.assertEqual('compute 2.1', resp.headers['OpenStack-API-Version'])
