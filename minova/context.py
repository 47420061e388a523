"""The request context: who asks, and the request id that follows the request.

It travels with every cast and call (see :mod:`minova.rpc`), so the request
id an API answer carries appears in the log lines of every service that
handled the request.
"""

from oslo_context import context
from oslo_serialization import jsonutils

# The services of the caller's catalog a context keeps, and carries across
# RPC: those minova calls with the caller's token (the cinder volume back
# end). The rest would only weigh down every message.
CATALOG_SERVICE_TYPES = ('block-storage', 'volume', 'volumev2', 'volumev3')


class RequestContext(context.RequestContext):
    """oslo.context's context, plus minova's view of who is an admin and
    the caller's service catalog (the endpoints the token may reach, as
    keystonemiddleware passes it: v2 style)."""

    def __init__(self, is_admin=None, service_catalog=None, **kwargs):
        super().__init__(**kwargs)
        if is_admin is None:
            is_admin = 'admin' in (self.roles or [])
        self.is_admin = is_admin
        self.service_catalog = [
            service for service in service_catalog or ()
            if service.get('type') in CATALOG_SERVICE_TYPES]

    def to_dict(self):
        values = super().to_dict()
        values['is_admin'] = self.is_admin
        values['service_catalog'] = self.service_catalog
        return values

    @classmethod
    def from_dict(cls, values, **kwargs):
        kwargs.setdefault('is_admin', values.get('is_admin'))
        kwargs.setdefault('service_catalog', values.get('service_catalog'))
        return super().from_dict(values, **kwargs)

    @classmethod
    def from_environ(cls, environ, **kwargs):
        """As oslo.context's, plus the catalog keystonemiddleware put in
        ``X-Service-Catalog``."""
        catalog = environ.get('HTTP_X_SERVICE_CATALOG')
        if catalog and 'service_catalog' not in kwargs:
            kwargs['service_catalog'] = jsonutils.loads(catalog)
        return super().from_environ(environ, **kwargs)

    def elevated(self):
        """A copy of this context with admin rights, same request id."""
        ctx = self.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles.append('admin')
        return ctx


def get_admin_context(request_id=None):
    """A context for work a service does on its own (periodic tasks)."""
    kwargs = {'request_id': request_id} if request_id else {}
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          roles=['admin'], overwrite=False, **kwargs)
