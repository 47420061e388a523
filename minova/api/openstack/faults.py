"""Error bodies in Nova's shape: ``{"itemNotFound": {"code": 404,
"message": "..."}}``.

Clients (novaclient, openstacksdk) read the message out of the one key of
the body, so the key names per status code are Nova's, and any code Nova
does not name (406, 500, ...) is a ``computeFault``.
"""

from oslo_serialization import jsonutils
import webob

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}
DEFAULT_FAULT_NAME = 'computeFault'

# Headers of a webob exception that still mean something on the fault.
_KEPT_HEADERS = ('Allow', 'Retry-After', 'Location', 'WWW-Authenticate')


def fault_name(code):
    return FAULT_NAMES.get(code, DEFAULT_FAULT_NAME)


def fault_response(code, message, headers=None):
    """A JSON fault response with Nova's body for ``code``."""
    name = fault_name(code)
    detail = {'code': code, 'message': message}
    headers = dict(headers or {})
    if code in (413, 429) and headers.get('Retry-After'):
        detail['retryAfter'] = headers['Retry-After']
    response = webob.Response(status=code, charset='UTF-8',
                              content_type='application/json')
    response.text = jsonutils.dumps({name: detail})
    for key, value in headers.items():
        response.headers[key] = str(value)
    return response


def from_http_exception(exc):
    """The fault for a ``webob.exc.WSGIHTTPException`` a handler raised."""
    headers = {k: v for k, v in exc.headers.items() if k in _KEPT_HEADERS}
    return fault_response(exc.code, exc.explanation, headers)
