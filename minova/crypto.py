"""Keys and certificates of ``/os-keypairs``, made and read with the
``cryptography`` library (Nova's ``nova/crypto.py``, without openssl or
paramiko subprocesses).

The formats are Nova's, so that what a client did with a Nova keypair works
with a minova one:

* an ``ssh`` keypair's fingerprint is the MD5 of the key's blob in
  colon-separated hex (``ssh-keygen -l -E md5``); any key type that
  ``cryptography`` reads in OpenSSH format is accepted on import
  (``ssh-rsa``, ``ssh-ed25519``, ``ecdsa-sha2-nistp*``);
* a generated ``ssh`` keypair is RSA 2048, its private key in the
  traditional ``BEGIN RSA PRIVATE KEY`` PEM form;
* an ``x509`` keypair's public key is a PEM certificate, its fingerprint the
  SHA-1 of the certificate; a generated one is a self-signed client
  certificate for ``CN=<user_id>`` (WinRM's passwordless login) and its
  private key a base64 PKCS#12 bundle without a password.
"""

import base64
import binascii
import datetime
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import oid

from minova import exception

KEY_BITS = 2048
# The comment of a generated public key (Nova writes Generated-by-Nova).
KEY_COMMENT = 'Generated-by-Minova'
CERT_DAYS = 3650
# Microsoft's User Principal Name, the subjectAltName WinRM maps to a user.
_MS_UPN = x509.ObjectIdentifier('1.3.6.1.4.1.311.20.2.3')
_MAX_COMMON_NAME = 64  # X.520's upper bound


def _colon_hex(digest):
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def generate_fingerprint(public_key):
    """The MD5 fingerprint of an OpenSSH public key line; InvalidKeypair
    (400) if it is not one."""
    try:
        serialization.load_ssh_public_key(public_key.encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1], validate=True)
    except (ValueError, IndexError, TypeError, binascii.Error,
            crypto_exceptions.UnsupportedAlgorithm):
        raise exception.InvalidKeypair(
            reason='failed to generate fingerprint: the public key is not '
                   'an OpenSSH public key (ssh-rsa, ssh-ed25519, ecdsa-...)')
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).hexdigest())


def generate_x509_fingerprint(pem_cert):
    """The SHA-1 fingerprint of a PEM certificate; InvalidKeypair (400) if
    it is not one."""
    try:
        cert = x509.load_pem_x509_certificate(pem_cert.encode('utf-8'))
    except (ValueError, TypeError) as e:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: %s'
            % e)
    return _colon_hex(cert.fingerprint(hashes.SHA1()).hex())


def generate_key_pair(bits=KEY_BITS):
    """A new RSA keypair: ``(private_key, public_key, fingerprint)``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public_key = '%s %s' % (key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii'), KEY_COMMENT)
    return private_key, public_key, generate_fingerprint(public_key)


def _der_utf8_string(text):
    """``text`` as an ASN.1 UTF8String (the value of an otherName)."""
    data = text.encode('utf-8')
    if len(data) < 0x80:
        length = bytes([len(data)])
    else:
        size = len(data).to_bytes((len(data).bit_length() + 7) // 8, 'big')
        length = bytes([0x80 | len(size)]) + size
    return b'\x0c' + length + data


def generate_winrm_x509_cert(user_id, bits=KEY_BITS):
    """A new self-signed client certificate for ``user_id``:
    ``(private_key, certificate, fingerprint)``, the private key a base64
    PKCS#12 bundle of key and certificate with an empty password."""
    if len(user_id) > _MAX_COMMON_NAME:
        raise exception.InvalidKeypair(
            reason='an x509 certificate names its user in a common name of '
                   'at most %d characters; user id %s is longer: import a '
                   'certificate instead' % (_MAX_COMMON_NAME, user_id))
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    name = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME, user_id)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=CERT_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                           critical=False)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True,
                key_encipherment=True, data_encipherment=False,
                key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False), critical=False)
            .add_extension(x509.ExtendedKeyUsage(
                [oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectAlternativeName([x509.OtherName(
                _MS_UPN, _der_utf8_string('%s@localhost' % user_id))]),
                critical=False)
            .sign(key, hashes.SHA256()))
    certificate = cert.public_bytes(serialization.Encoding.PEM).decode(
        'ascii')
    bundle = pkcs12.serialize_key_and_certificates(
        None, key, cert, None, serialization.NoEncryption())
    private_key = base64.b64encode(bundle).decode('ascii')
    return private_key, certificate, generate_x509_fingerprint(certificate)
