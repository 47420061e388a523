"""``/os-keypairs``: a user's SSH keys (and x509 certificates), which a
boot names with ``key_name`` -- Nova's ``keypairs.py``.

What each microversion changes (``schemas/keypairs.py`` has the bodies):
2.2 adds ``type`` (``ssh`` or ``x509``) and answers 201 to a create and 204
to a delete (200 and 202 before); 2.10 lets an admin name another user
(``user_id`` in the body, ``?user_id=`` on the others); 2.35 pages the list
by name (``limit``, ``marker``, ``keypairs_links``); 2.92 stops generating
keys (``public_key`` is required) and allows ``@`` and ``.`` in names.

A generated ``ssh`` keypair is RSA, as Nova's: the API has no field to ask
for another algorithm. An imported one may be any key cryptography reads in
OpenSSH format, ``ssh-ed25519`` included (what ``openstack keypair create``
makes on the client before it imports it).

Who may: Nova's rules ``os_compute_api:os-keypairs:index|create|show|
delete`` default to "admin or the keypair's own user"; until minova has a
policy engine, :func:`_user_id` applies that default.
"""

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import keypairs as schema
from minova.api.openstack.compute.views import keypairs as views
from minova.api import validation
from minova.api import wsgi
from minova.compute.api import keypairs as keypairs_api
from minova.objects import keypair as keypair_obj

POLICY_ROOT = 'os_compute_api:os-keypairs:%s'
# From here a request may name another user's keypairs.
USER_ID_VERSION = '2.10'


def _user_id(req, asked, action):
    """Whose keypairs a request is about: the caller's, or from 2.10 the
    ``user_id`` it names; another user's only for an admin (403 naming the
    rule otherwise)."""
    context = req.context
    if asked is None or req.api_version < USER_ID_VERSION:
        return context.user_id
    if asked != context.user_id:
        common.authorize(req, POLICY_ROOT % action, {'user_id': asked})
    return asked


def _query_user_id(req):
    """The first ``?user_id=`` (Nova takes the first of several)."""
    values = req.GET.getall('user_id')
    return values[0] if values else None


class KeypairController:

    def __init__(self, conf):
        self.conf = conf
        self.api = keypairs_api.KeypairAPI(conf)
        self._view_builder = views.ViewBuilder()

    @microversion.version_handler('2.1', '2.1')
    @validation.schema(schema.create)
    def create_v21(self, req, body):
        return self._create(req, body)

    @microversion.version_handler('2.2')
    @wsgi.response(201)
    @validation.schema(schema.create_v22, '2.2', '2.9')
    @validation.schema(schema.create_v210, '2.10', '2.91')
    @validation.schema(schema.create_v292, '2.92')
    def create(self, req, body):
        return self._create(req, body)

    def _create(self, req, body):
        """Import ``public_key``, or (before 2.92) generate a keypair and
        answer its private key once."""
        params = body['keypair']
        context = req.context
        user_id = _user_id(req, params.get('user_id'), 'create')
        key_type = params.get('type', keypair_obj.KEYPAIR_TYPE_SSH)
        private_key = None
        if 'public_key' in params:
            keypair = self.api.import_key_pair(
                context, user_id, params['name'], params['public_key'],
                key_type)
        else:
            keypair, private_key = self.api.create_key_pair(
                context, user_id, params['name'], key_type)
        return self._view_builder.create(req, keypair, private_key)

    @validation.query_schema(schema.query_v210, '2.10', '2.34')
    @validation.query_schema(schema.index_query_v235, '2.35')
    def index(self, req):
        """The user's keypairs by name; from 2.35 a page of them."""
        user_id = _user_id(req, _query_user_id(req), 'index')
        limit = marker = None
        if req.api_version >= views.PAGING_VERSION:
            limit, marker = common.get_limit_and_marker(req)
        keypairs = self.api.get_key_pairs(req.context, user_id, limit=limit,
                                          marker=marker)
        return self._view_builder.index(req, keypairs)

    @validation.query_schema(schema.query_v210, '2.10')
    def show(self, req, keypair_name):
        user_id = _user_id(req, _query_user_id(req), 'show')
        return self._view_builder.show(
            req, self.api.get_key_pair(req.context, user_id, keypair_name))

    @microversion.version_handler('2.1', '2.1')
    @wsgi.response(202)
    def delete_v21(self, req, keypair_name):
        self._delete(req, keypair_name)

    @microversion.version_handler('2.2')
    @wsgi.response(204)
    @validation.query_schema(schema.query_v210, '2.10')
    def delete(self, req, keypair_name):
        self._delete(req, keypair_name)

    def _delete(self, req, keypair_name):
        user_id = _user_id(req, _query_user_id(req), 'delete')
        self.api.delete_key_pair(req.context, user_id, keypair_name)
