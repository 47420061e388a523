"""Keys and certificates of /os-keypairs: Nova's formats and fingerprints,
checked against ssh-keygen's and the certificate's own."""

import base64

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
import testtools

from minova import crypto
from minova import exception

ED25519_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKRzcMDlV5uiaE8lB4Fvc'
               'A2qqalq8RsdTnKP+3yRLgBW demo@host')


class TestSSHKeys(testtools.TestCase):

    def test_generated_rsa_key_pair(self):
        private_key, public_key, fingerprint = crypto.generate_key_pair()
        self.assertTrue(private_key.startswith(
            '-----BEGIN RSA PRIVATE KEY-----'))
        key = serialization.load_pem_private_key(private_key.encode(), None)
        self.assertIsInstance(key, rsa.RSAPrivateKey)
        self.assertEqual(2048, key.key_size)
        # The public key is the private key's.
        self.assertEqual(
            key.public_key().public_bytes(
                serialization.Encoding.OpenSSH,
                serialization.PublicFormat.OpenSSH).decode(),
            public_key.rsplit(' ', 1)[0])
        self.assertTrue(public_key.endswith(' Generated-by-Minova'))
        self.assertEqual(crypto.generate_fingerprint(public_key),
                         fingerprint)

    def test_fingerprint_is_the_one_ssh_keygen_gives(self):
        # ssh-keygen -l -E md5 of ED25519_KEY
        self.assertEqual('45:fc:67:71:cd:63:e8:bc:bf:89:c0:bb:03:2d:36:3d',
                         crypto.generate_fingerprint(ED25519_KEY))

    def test_ed25519_key_made_by_a_client_is_accepted(self):
        key = ed25519.Ed25519PrivateKey.generate().public_key()
        line = key.public_bytes(serialization.Encoding.OpenSSH,
                                serialization.PublicFormat.OpenSSH).decode()
        self.assertEqual(47, len(crypto.generate_fingerprint(line)))

    def test_what_is_not_an_openssh_key_is_refused(self):
        for bad in ('', 'ssh-rsa', 'ssh-rsa AAAA', 'not a key',
                    'ssh-ed25519 %s' % base64.b64encode(b'x' * 40).decode()):
            e = self.assertRaises(exception.InvalidKeypair,
                                  crypto.generate_fingerprint, bad)
            self.assertEqual(400, e.code)
            self.assertIn('failed to generate fingerprint', str(e))


class TestX509(testtools.TestCase):

    def test_generated_certificate_and_pkcs12_bundle(self):
        private_key, cert_pem, fingerprint = (
            crypto.generate_winrm_x509_cert('alice'))
        cert = x509.load_pem_x509_certificate(cert_pem.encode())
        self.assertEqual('CN=alice', cert.subject.rfc4514_string())
        self.assertEqual(cert.fingerprint(hashes.SHA1()).hex(),
                         fingerprint.replace(':', ''))
        usage = cert.extensions.get_extension_for_class(
            x509.ExtendedKeyUsage).value
        self.assertEqual([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH],
                         list(usage))
        key, bundled, _ = pkcs12.load_key_and_certificates(
            base64.b64decode(private_key), b'')
        self.assertEqual(cert, bundled)
        self.assertEqual(cert.public_key(), key.public_key())

    def test_user_principal_name(self):
        _, cert_pem, _ = crypto.generate_winrm_x509_cert('u' * 64)
        cert = x509.load_pem_x509_certificate(cert_pem.encode())
        (upn,) = cert.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value
        self.assertEqual(b'\x0c\x4a' + b'u' * 64 + b'@localhost', upn.value)

    def test_too_long_user_id_is_refused_by_name(self):
        e = self.assertRaises(exception.InvalidKeypair,
                              crypto.generate_winrm_x509_cert, 'u' * 65)
        self.assertIn('u' * 65, str(e))

    def test_what_is_not_a_certificate_is_refused(self):
        e = self.assertRaises(exception.InvalidKeypair,
                              crypto.generate_x509_fingerprint, ED25519_KEY)
        self.assertIn('failed to generate X509 fingerprint', str(e))
