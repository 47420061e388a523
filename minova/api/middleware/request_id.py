"""Give every request an id, and every answer the id.

What oslo.middleware's RequestId does, with its environ keys and id
format: ``req-<uuid>`` in the environ (``openstack.request_id``), a valid
inbound ``X-OpenStack-Request-ID`` kept as the global request id, and the
id on the answer as ``x-openstack-request-id``. Nova's clients also read
``x-compute-request-id``, so minova sends both.

Plain WSGI, where oslo's class is a webob ``wsgify`` that builds a request
and a response object around every call; the headers are added as the
answer starts instead.
"""

import re

from oslo_context import context
from oslo_middleware import request_id

from minova import context as minova_context

ENV_REQUEST_ID = request_id.ENV_REQUEST_ID
ENV_GLOBAL_REQUEST_ID = request_id.GLOBAL_REQ_ID
COMPUTE_HEADER = 'x-compute-request-id'
# The answer's headers that carry the id, in the order they are added.
RESPONSE_HEADERS = (request_id.HTTP_RESP_HEADER_REQUEST_ID, COMPUTE_HEADER)
_INBOUND_KEY = 'HTTP_' + request_id.INBOUND_HEADER.upper().replace('-', '_')
_GLOBAL_ID = re.compile(request_id.ID_FORMAT)


class RequestIdMiddleware:
    """Make the request id; see the module doc."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        global_id = environ.get(_INBOUND_KEY, '')
        if _GLOBAL_ID.match(global_id):
            environ[ENV_GLOBAL_REQUEST_ID] = global_id
        req_id = context.generate_request_id()
        environ[ENV_REQUEST_ID] = req_id
        # A context of nobody with this id, stored for this thread until
        # the auth middleware stores the caller's: the log lines of a
        # request without one (the version documents, a refused token, the
        # access line) carry its own id, not the last one this thread saw.
        minova_context.RequestContext(
            request_id=req_id,
            global_request_id=environ.get(ENV_GLOBAL_REQUEST_ID))

        def start_with_id(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers.extend((name, req_id) for name in RESPONSE_HEADERS
                           if name not in present)
            return start_response(status, headers, exc_info)

        return self.application(environ, start_with_id)


def filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`RequestIdMiddleware`."""
    return RequestIdMiddleware
