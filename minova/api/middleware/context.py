"""Build the RequestContext a handler receives (``req.context``).

Every context carries the request id (and the global request id, if the
caller sent one) so that the id of the answer follows the request into every
log line and across every cast and call.
"""

from oslo_log import log as logging
import webob.exc

from minova.api.middleware import request_id
from minova.api import wsgi
from minova import context

LOG = logging.getLogger(__name__)


def make_context(environ, **kwargs):
    """A RequestContext for the request of ``environ``, stored there too."""
    kwargs.setdefault('request_id', environ.get(request_id.ENV_REQUEST_ID))
    kwargs.setdefault('global_request_id',
                      environ.get(request_id.ENV_GLOBAL_REQUEST_ID))
    ctx = context.RequestContext(**kwargs)
    environ[wsgi.ENV_CONTEXT] = ctx
    return ctx


class KeystoneContext:
    """Make the context from the headers keystonemiddleware's auth_token
    set (X-User-Id, X-Project-Id, X-Roles, ...); it strips any the client
    sent, so they can be trusted here.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # Plain WSGI, not wsgify: a raised 401 must reach the fault wrapper.
        ctx = context.RequestContext.from_environ(environ)
        if ctx.user_id is None:
            LOG.debug('Neither X_USER_ID nor X_USER found in request')
            raise webob.exc.HTTPUnauthorized()
        environ[wsgi.ENV_CONTEXT] = ctx
        return self.application(environ, start_response)


def keystone_filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`KeystoneContext`."""
    return KeystoneContext
