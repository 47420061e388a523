"""minova-api is safe by default: keystone, and noauth2 only on loopback
unless [api] allow_noauth2_on_public_address says otherwise."""

import testtools

from minova.cmd import api
from minova import config
from minova import exception
from minova.tests import fixtures as minova_fixtures


class TestAuthDefaults(testtools.TestCase):

    def test_keystone_by_default(self):
        conf = config.new_conf()
        conf([], project='minova', default_config_files=[])
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertFalse(conf.api.allow_noauth2_on_public_address)


class TestNoauth2Listen(testtools.TestCase):

    def _conf(self, listen, strategy='noauth2', allow=False):
        return self.useFixture(minova_fixtures.ConfFixture(**{
            'osapi_compute_listen': listen, 'api.auth_strategy': strategy,
            'api.allow_noauth2_on_public_address': allow})).conf

    def test_noauth2_on_loopback_starts(self):
        for listen in ('127.0.0.1', '127.1.2.3', '::1', 'localhost'):
            api.check_noauth2_listen(self._conf(listen))

    def test_noauth2_on_a_public_address_is_refused_in_one_line(self):
        for listen in ('0.0.0.0', '::', '192.0.2.10'):
            e = self.assertRaises(exception.ConfigError,
                                  api.check_noauth2_listen, self._conf(listen))
            message = str(e)
            self.assertEqual(1, len(message.splitlines()), message)
            for text in ('[api] auth_strategy', "'noauth2'",
                         '[DEFAULT] osapi_compute_listen = %s' % listen,
                         '[api] allow_noauth2_on_public_address = true'):
                self.assertIn(text, message)

    def test_noauth2_on_a_public_address_when_allowed(self):
        api.check_noauth2_listen(self._conf('0.0.0.0', allow=True))

    def test_keystone_on_any_address(self):
        api.check_noauth2_listen(self._conf('0.0.0.0', strategy='keystone'))

    def test_the_api_service_checks_before_it_binds(self):
        conf = self._conf('0.0.0.0')
        self.assertRaises(exception.ConfigError, api.APIService, conf)
