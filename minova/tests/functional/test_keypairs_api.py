"""``/os-keypairs`` over the real HTTP API, microversion by microversion
(2.1, 2.2, 2.10, 2.35, 2.92), and ``key_name`` on boot: the answers have
Tempest's shapes, keys are generated and read with cryptography, users
never see each other's keypairs, and the driver gets the server's key."""

import base64
import datetime
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
import jsonschema
import testtools

from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import fixtures as func_fixtures

# The answers' shapes, as Tempest checks them (api_schema/response/compute
# v2_1 and v2_2 keypairs.py), written for these tests.
_DATE = {'type': 'string',
         'pattern': r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$'}
_CREATED = {'name': {'type': 'string'}, 'public_key': {'type': 'string'},
            'fingerprint': {'type': 'string'}, 'user_id': {'type': 'string'},
            'private_key': {'type': 'string'}}
_SHOWN = dict(_CREATED, created_at=_DATE,
              updated_at={'oneOf': [_DATE, {'type': 'null'}]},
              deleted={'type': 'boolean'}, deleted_at={'type': 'null'},
              id={'type': 'integer'})
_SHOWN.pop('private_key')
_LISTED = {'name': {'type': 'string'}, 'public_key': {'type': 'string'},
           'fingerprint': {'type': 'string'}}


def _keypair_schema(properties, typed):
    properties = dict(properties)
    required = sorted(set(properties) - {'private_key'})
    if typed:
        properties['type'] = {'enum': ['ssh', 'x509']}
        required.append('type')
    return {'type': 'object', 'required': ['keypair'],
            'additionalProperties': False,
            'properties': {'keypair': {
                'type': 'object', 'properties': properties,
                'required': required, 'additionalProperties': False}}}


def _list_schema(typed, paged=False):
    properties = {'keypairs': {'type': 'array', 'items': _keypair_schema(
        _LISTED, typed)}}
    if paged:
        properties['keypairs_links'] = {'type': 'array', 'items': {
            'type': 'object', 'required': ['rel', 'href']}}
    return {'type': 'object', 'properties': properties,
            'required': ['keypairs'], 'additionalProperties': False}


def ssh_public_key(key):
    return key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()


def md5_fingerprint(public_key):
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def self_signed_cert(common_name='imported'):
    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME,
                                         common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, None))
    return cert, cert.public_bytes(serialization.Encoding.PEM).decode()


ED25519_KEY = ssh_public_key(ed25519.Ed25519PrivateKey.generate())


class KeypairsTestBase(testtools.TestCase):
    """A cloud with one compute that serves microversions up to 2.92;
    ``self.client(version, token)`` speaks one of them."""

    def setUp(self):
        super().setUp()
        self.useFixture(minova_fixtures.MicroversionCeiling('2.92'))
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))

    def client(self, version='2.1', token=func_fixtures.DEMO_TOKEN):
        return self.cloud.client(token=token, microversion=version)

    def create(self, name, version='2.2', token=func_fixtures.DEMO_TOKEN,
               status=None, **values):
        resp = self.client(version, token).post('/os-keypairs', {
            'keypair': dict(name=name, **values)})
        expected = status or (200 if version == '2.1' else 201)
        self.assertEqual(expected, resp.status, resp)
        return resp

    def assertFault(self, resp, status, *words):
        self.assertEqual(status, resp.status, resp)
        (fault,) = resp.body.values()
        self.assertEqual(status, fault['code'])
        for word in words:
            self.assertIn(word, fault['message'])

    def names(self, version='2.2', token=func_fixtures.DEMO_TOKEN,
              query=''):
        body = self.client(version, token).get('/os-keypairs' + query).body
        return [k['keypair']['name'] for k in body['keypairs']]


class TestCreate(KeypairsTestBase):

    def test_generate_rsa_at_2_1(self):
        resp = self.create('gen', version='2.1')
        jsonschema.validate(resp.body, _keypair_schema(_CREATED, False))
        created = resp.body['keypair']
        private = serialization.load_pem_private_key(
            created['private_key'].encode(), None)
        self.assertIsInstance(private, rsa.RSAPrivateKey)
        self.assertEqual(ssh_public_key(private),
                         created['public_key'].rsplit(' ', 1)[0])
        self.assertEqual(md5_fingerprint(created['public_key']),
                         created['fingerprint'])
        self.assertEqual('demo', created['user_id'])

    def test_generate_at_2_2_is_typed_and_201(self):
        resp = self.create('gen')
        jsonschema.validate(resp.body, _keypair_schema(_CREATED, True))
        self.assertEqual('ssh', resp.body['keypair']['type'])
        self.assertIn('private_key', resp.body['keypair'])

    def test_import_rsa_and_ed25519(self):
        rsa_key = ssh_public_key(rsa.generate_private_key(65537, 2048))
        for name, public_key in (('rsa', rsa_key + ' me@host'),
                                 ('ed', ED25519_KEY)):
            created = self.create(name, public_key=public_key).body
            jsonschema.validate(created, _keypair_schema(_CREATED, True))
            self.assertNotIn('private_key', created['keypair'])
            shown = self.client('2.2').get('/os-keypairs/%s' % name).body
            jsonschema.validate(shown, _keypair_schema(_SHOWN, True))
            self.assertEqual(
                (public_key, md5_fingerprint(public_key), 'ssh', 'demo'),
                tuple(shown['keypair'][k] for k in (
                    'public_key', 'fingerprint', 'type', 'user_id')))

    def test_x509_import_and_generation_at_2_2(self):
        cert, pem = self_signed_cert()
        created = self.create('cert', type='x509', public_key=pem).body[
            'keypair']
        self.assertEqual(('x509', pem),
                         (created['type'], created['public_key']))
        self.assertEqual(cert.fingerprint(hashes.SHA1()).hex(),
                         created['fingerprint'].replace(':', ''))

        generated = self.create('winrm', type='x509').body['keypair']
        key, bundled, _ = pkcs12.load_key_and_certificates(
            base64.b64decode(generated['private_key']), b'')
        cert = x509.load_pem_x509_certificate(
            generated['public_key'].encode())
        self.assertEqual(cert, bundled)
        self.assertEqual('CN=demo', cert.subject.rfc4514_string())
        self.assertEqual(cert.public_key(), key.public_key())

    def test_type_is_refused_before_2_2(self):
        resp = self.create('k', version='2.1', type='ssh', status=400)
        self.assertFault(resp, 400, "'type'")
        self.assertEqual([], self.names())

    def test_invalid_public_keys_are_400_and_write_nothing(self):
        _, pem = self_signed_cert()
        for values in ({'public_key': 'ssh-rsa not-base64'},
                       {'public_key': ''},
                       {'public_key': pem},                     # not ssh
                       {'public_key': ED25519_KEY, 'type': 'x509'},
                       {'public_key': 42}):
            resp = self.create('bad', status=400, **values)
            self.assertFault(resp, 400)
            message = resp.body['badRequest']['message']
            self.assertTrue('Keypair data is invalid' in message or
                            'public_key' in message, message)
        self.assertEqual([], self.names())

    def test_duplicate_name_is_409(self):
        self.create('dup', public_key=ED25519_KEY)
        for values in ({'public_key': ED25519_KEY}, {}):
            resp = self.create('dup', status=409, **values)
            self.assertFault(resp, 409, "Key pair 'dup' already exists.")
        self.assertEqual(['dup'], self.names())

    def test_names(self):
        for name in ('a/b', 'a.b', 'me@host', 'caf\u00e9', ' lead', 'trail ',
                     '', 'x' * 256, 'tab\there'):
            resp = self.create(name, public_key=ED25519_KEY, status=400)
            self.assertFault(resp, 400, 'name')
        resp = self.create('a.b', version='2.91', public_key=ED25519_KEY,
                           status=400)
        self.assertFault(resp, 400, 'Only expected characters: [_- 0123')
        self.create('Key_1 - ok', public_key=ED25519_KEY)
        self.create('me@host.example', version='2.92',
                    public_key=ED25519_KEY)
        self.assertEqual(['Key_1 - ok', 'me@host.example'], self.names())

    def test_generation_is_gone_at_2_92(self):
        resp = self.create('gen', version='2.92', status=400)
        self.assertFault(resp, 400, "'public_key' is a required property")
        created = self.create('ed', version='2.92', public_key=ED25519_KEY)
        self.assertEqual(201, created.status)


class TestReadAndDelete(KeypairsTestBase):

    def test_list_show_delete_at_2_1(self):
        self.create('b', public_key=ED25519_KEY)
        self.create('a', public_key=ED25519_KEY)
        client = self.client('2.1')
        body = client.get('/os-keypairs').body
        jsonschema.validate(body, _list_schema(typed=False))
        self.assertEqual(['a', 'b'], self.names('2.1'))
        shown = client.get('/os-keypairs/a').body
        jsonschema.validate(shown, _keypair_schema(_SHOWN, False))
        self.assertEqual(202, client.delete('/os-keypairs/a').status)
        self.assertFault(client.get('/os-keypairs/a'), 404,
                         'Keypair a not found for user demo')
        self.assertFault(client.delete('/os-keypairs/a'), 404)
        self.assertEqual(204, self.client('2.2').delete(
            '/os-keypairs/b').status)
        self.assertEqual([], self.names())

    def test_list_is_typed_from_2_2(self):
        self.create('a', public_key=ED25519_KEY)
        jsonschema.validate(self.client('2.2').get('/os-keypairs').body,
                            _list_schema(typed=True))

    def test_a_name_with_a_space_in_the_url(self):
        self.create('my key', public_key=ED25519_KEY)
        client = self.client('2.2')
        self.assertEqual('my key', client.get('/os-keypairs/my%20key').body[
            'keypair']['name'])
        self.assertEqual(204, client.delete('/os-keypairs/my%20key').status)

    def test_users_never_see_each_others_keypairs(self):
        self.create('mine', public_key=ED25519_KEY)
        other = self.client('2.2', token='other:demo')
        self.assertFault(other.get('/os-keypairs/mine'), 404,
                         'Keypair mine not found for user other')
        self.assertFault(other.delete('/os-keypairs/mine'), 404)
        self.assertEqual([], self.names(token='other:demo'))
        # Names are per user: the other user may have a "mine" too.
        self.create('mine', token='other:demo', public_key=ED25519_KEY)
        self.assertEqual(['mine'], self.names())


class TestOtherUsersAt210(KeypairsTestBase):

    def test_admin_manages_another_users_keypairs(self):
        admin = self.client('2.10', func_fixtures.ADMIN_TOKEN)
        resp = self.create('for-demo', version='2.10',
                           token=func_fixtures.ADMIN_TOKEN, user_id='demo',
                           public_key=ED25519_KEY)
        self.assertEqual('demo', resp.body['keypair']['user_id'])
        self.assertEqual(['for-demo'], self.names())           # demo's
        self.assertEqual([], self.names('2.10', func_fixtures.ADMIN_TOKEN))
        self.assertEqual(['for-demo'], self.names(
            '2.10', func_fixtures.ADMIN_TOKEN, '?user_id=demo'))
        shown = admin.get('/os-keypairs/for-demo?user_id=demo').body
        self.assertEqual('demo', shown['keypair']['user_id'])
        self.assertFault(admin.get('/os-keypairs/for-demo'), 404)
        self.assertEqual(204, admin.delete(
            '/os-keypairs/for-demo?user_id=demo').status)
        self.assertEqual([], self.names())

    def test_a_user_may_name_only_themselves(self):
        demo = self.client('2.10')
        resp = self.create('k', version='2.10', user_id='other',
                           public_key=ED25519_KEY, status=403)
        self.assertFault(resp, 403, 'os_compute_api:os-keypairs:create')
        self.create('k', version='2.10', user_id='demo',
                    public_key=ED25519_KEY)
        for method, path, rule in (
                ('GET', '/os-keypairs?user_id=other', 'index'),
                ('GET', '/os-keypairs/k?user_id=other', 'show'),
                ('DELETE', '/os-keypairs/k?user_id=other', 'delete')):
            self.assertFault(demo.request(method, path), 403,
                             'os_compute_api:os-keypairs:%s' % rule)
        self.assertEqual(['k'], self.names('2.10', query='?user_id=demo'))

    def test_user_id_is_not_known_before_2_10(self):
        resp = self.create('k', version='2.9', token=func_fixtures.ADMIN_TOKEN,
                           user_id='demo', public_key=ED25519_KEY,
                           status=400)
        self.assertFault(resp, 400, "'user_id'")
        self.create('k', token=func_fixtures.ADMIN_TOKEN,
                    public_key=ED25519_KEY)
        # The query parameter is ignored: the admin's own keypairs.
        self.assertEqual(['k'], self.names(
            '2.9', func_fixtures.ADMIN_TOKEN, '?user_id=demo'))


class TestPagingAt235(KeypairsTestBase):

    def setUp(self):
        super().setUp()
        for name in ('e', 'c', 'a', 'd', 'b'):
            self.create(name, public_key=ED25519_KEY)

    def test_pages_follow_the_next_links(self):
        client = self.client('2.35')
        body = client.get('/os-keypairs?limit=2').body
        jsonschema.validate(body, _list_schema(typed=True, paged=True))
        pages = []
        while True:
            pages.append([k['keypair']['name'] for k in body['keypairs']])
            links = body.get('keypairs_links')
            if not links:
                break
            self.assertEqual('next', links[0]['rel'])
            href = links[0]['href']
            self.assertIn('/v2.1/os-keypairs?', href)
            body = client.get(href.split('/v2.1', 1)[1]).body
        self.assertEqual([['a', 'b'], ['c', 'd'], ['e']], pages)

    def test_marker_and_limit_errors(self):
        client = self.client('2.35')
        self.assertFault(client.get('/os-keypairs?marker=nope'), 400, 'nope')
        self.assertFault(client.get('/os-keypairs?limit=-1'), 400, 'limit')
        self.assertEqual(['c', 'd', 'e'],
                         self.names('2.35', query='?marker=b'))

    def test_no_paging_before_2_35(self):
        body = self.client('2.34').get('/os-keypairs?limit=2').body
        self.assertEqual(5, len(body['keypairs']))
        self.assertNotIn('keypairs_links', body)


class TestBootWithKeyName(KeypairsTestBase):

    def guest(self, server_id):
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute':
                return service.manager.driver._guests.get(server_id)

    def boot(self, client, **extra):
        return client.create_server(self.cloud.image_id, **extra)

    def test_the_key_is_shown_and_given_to_the_driver(self):
        self.create('boot-key', public_key=ED25519_KEY)
        demo = self.client('2.1')
        resp = self.boot(demo, key_name='boot-key')
        self.assertEqual(202, resp.status, resp)
        server = demo.wait_for_server(resp.body['server']['id'])
        self.assertEqual(('ACTIVE', 'boot-key'),
                         (server['status'], server['key_name']))
        self.assertEqual(ED25519_KEY, self.guest(server['id']).key_data)
        # The server keeps its key when the keypair goes.
        self.assertEqual(202, demo.delete('/os-keypairs/boot-key').status)
        self.assertEqual('boot-key', demo.get(
            '/servers/%s' % server['id']).body['server']['key_name'])

    def test_without_key_name_the_driver_gets_none(self):
        demo = self.client('2.1')
        server = demo.wait_for_server(self.boot(demo).body['server']['id'])
        self.assertIsNone(server['key_name'])
        self.assertIsNone(self.guest(server['id']).key_data)

    def test_unknown_or_another_users_key_name_is_400(self):
        self.create('admins', token=func_fixtures.ADMIN_TOKEN,
                    public_key=ED25519_KEY)
        before = self.cloud.count_rows()
        for key_name in ('nope', 'admins'):
            resp = self.boot(self.client('2.1'), key_name=key_name)
            self.assertFault(resp, 400, 'Invalid key_name provided',
                             key_name)
        self.assertEqual(before, self.cloud.count_rows())
