"""Keypairs: what ``/os-keypairs`` calls (Nova's ``compute.api.KeypairAPI``).

Every method takes the ``user_id`` whose keypairs it reads or writes: the
API layer decides whose they are (the caller's, or another user's for an
admin at 2.10) and this module only does it. A boot reads a keypair by
itself (:meth:`minova.compute.api.create.CreateMixin._get_key_data`).

Quota: as Nova, the ``key_pairs`` quota of the user (100 by default) is
checked before an import or a generation and again after the insert, which
undoes a keypair that a concurrent create pushed over it (403).
"""

from minova.compute import quota
from minova import crypto
from minova.objects import keypair as keypair_obj

_FINGERPRINTS = {
    keypair_obj.KEYPAIR_TYPE_SSH: crypto.generate_fingerprint,
    keypair_obj.KEYPAIR_TYPE_X509: crypto.generate_x509_fingerprint,
}


class KeypairAPI:
    """Import, generate, read and delete a user's keypairs."""

    def __init__(self, conf):
        self.conf = conf

    def import_key_pair(self, context, user_id, key_name, public_key,
                        key_type=keypair_obj.KEYPAIR_TYPE_SSH):
        """Store ``public_key`` (an OpenSSH key line, or a PEM certificate
        for ``x509``); InvalidKeypair (400) if it is not one, KeyPairExists
        (409) if the user has a keypair of that name."""
        quota.check_key_pairs(self.conf, context, user_id=user_id)
        fingerprint = _FINGERPRINTS[key_type](public_key)
        return self._create(context, user_id, key_name, key_type,
                            public_key, fingerprint)

    def create_key_pair(self, context, user_id, key_name,
                        key_type=keypair_obj.KEYPAIR_TYPE_SSH):
        """Generate a keypair (RSA, or a self-signed certificate for
        ``x509``) and store its public half; returns ``(keypair,
        private_key)``: the private key is not kept."""
        quota.check_key_pairs(self.conf, context, user_id=user_id)
        if key_type == keypair_obj.KEYPAIR_TYPE_X509:
            private_key, public_key, fingerprint = (
                crypto.generate_winrm_x509_cert(user_id))
        else:
            private_key, public_key, fingerprint = crypto.generate_key_pair()
        keypair = self._create(context, user_id, key_name, key_type,
                               public_key, fingerprint)
        return keypair, private_key

    def _create(self, context, user_id, key_name, key_type, public_key,
                fingerprint):
        keypair = keypair_obj.KeyPair(
            context, user_id=user_id, name=key_name, type=key_type,
            public_key=public_key, fingerprint=fingerprint)
        keypair.create()
        try:
            quota.check_key_pairs(self.conf, context, delta=0,
                                  user_id=user_id)
        except Exception:
            keypair_obj.KeyPair.destroy_by_name(context, user_id, key_name)
            raise
        return keypair

    @staticmethod
    def get_key_pair(context, user_id, key_name):
        """KeypairNotFound (404) unless the user has it."""
        return keypair_obj.KeyPair.get_by_name(context, user_id, key_name)

    @staticmethod
    def get_key_pairs(context, user_id, limit=None, marker=None):
        """The user's keypairs by name, a page after ``marker`` (a name;
        MarkerNotFound, 400, if the user has none of that name)."""
        return keypair_obj.KeyPairList.get_by_user(context, user_id,
                                                   limit=limit, marker=marker)

    @staticmethod
    def delete_key_pair(context, user_id, key_name):
        """KeypairNotFound (404) unless the user has it. Servers booted
        with it keep their key_name and key_data."""
        keypair_obj.KeyPair.destroy_by_name(context, user_id, key_name)
