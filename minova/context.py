"""The request context: who asks, and the request id that follows the request.

It travels with every cast and call (see :mod:`minova.rpc`), so the request
id an API answer carries appears in the log lines of every service that
handled the request.
"""

from oslo_context import context


class RequestContext(context.RequestContext):
    """oslo.context's context, plus minova's view of who is an admin."""

    def __init__(self, is_admin=None, **kwargs):
        super().__init__(**kwargs)
        if is_admin is None:
            is_admin = 'admin' in (self.roles or [])
        self.is_admin = is_admin

    def to_dict(self):
        values = super().to_dict()
        values['is_admin'] = self.is_admin
        return values

    @classmethod
    def from_dict(cls, values, **kwargs):
        kwargs.setdefault('is_admin', values.get('is_admin'))
        return super().from_dict(values, **kwargs)

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
