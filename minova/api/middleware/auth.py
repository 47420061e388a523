"""Who is asking: ``[api] auth_strategy`` picks one of two pipelines.

``noauth2`` (tests, laptops) trusts the token: ``X-Auth-Token: user:project``
(``user`` alone means project ``user``). User ``admin`` gets the roles
admin, member and reader, and so ``is_admin``; any other user is a member
and reader of its project (Keystone's implied roles). An ``X-Roles`` header from the
caller is ignored, as Nova's noauth2 ignores it: otherwise anyone could make
themselves admin with ``X-Roles: admin``. With no token, Nova's old auth
handshake is answered for a client that sends ``X-Auth-User`` (and
``X-Auth-Project-Id``): 204 with the token to use and
``X-Server-Management-Url``. Any other request without a token gets 401.

``keystone`` puts keystonemiddleware's ``auth_token`` in front, configured by
``[keystone_authtoken]`` of minova's own ConfigOpts, and
:class:`~minova.api.middleware.context.KeystoneContext` after it.
"""

from keystonemiddleware import auth_token
import webob
import webob.exc

from minova.api.middleware import context
from minova.api import wsgi


class NoAuthMiddleware:
    """noauth2: build the context from an unverified ``user:project``."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # Plain WSGI, not wsgify: a raised 401 must reach the fault wrapper.
        req = webob.Request(environ)
        token = req.headers.get('X-Auth-Token')
        if not token:
            if 'X-Auth-User' in req.headers:
                return self._handshake(req)(environ, start_response)
            raise webob.exc.HTTPUnauthorized(
                explanation='The request you have made requires '
                            'authentication: send X-Auth-Token: user:project.')
        user_id, _sep, project_id = token.partition(':')
        project_id = project_id or user_id
        # Keystone's implied roles: admin implies member implies reader.
        roles = (['admin', 'member', 'reader'] if user_id == 'admin'
                 else ['member', 'reader'])
        context.make_context(req.environ, auth_token=token, user_id=user_id,
                             project_id=project_id, roles=roles)
        return self.application(environ, start_response)

    @staticmethod
    def _handshake(req):
        user_id = req.headers['X-Auth-User']
        project_id = req.headers.get('X-Auth-Project-Id', user_id)
        res = webob.Response(status=204, content_type='text/plain')
        res.headers['X-Auth-Token'] = '%s:%s' % (user_id, project_id)
        res.headers['X-Server-Management-Url'] = req.url.rstrip('/')
        return res


def noauth2_filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`NoAuthMiddleware`."""
    return NoAuthMiddleware


def keystone_filter_factory(global_conf, **local_conf):
    """Paste filter factory for keystonemiddleware's auth_token.

    It reads ``[keystone_authtoken]`` from this application's ConfigOpts
    (``oslo_config_config``), never from the global ``cfg.CONF``; options in
    the paste section override it, as keystonemiddleware allows.
    """
    options = dict(local_conf)
    options['oslo_config_config'] = wsgi.conf_from(global_conf)
    return auth_token.filter_factory({}, **options)
