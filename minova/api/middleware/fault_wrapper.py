"""Turn whatever a request raises into an answer with Nova's fault body.

- a ``webob.exc`` error: its code and explanation (a raised redirect is
  sent as it is);
- a :class:`~minova.exception.MinovaException` with a 4xx code: that code
  and ``format_message()``;
- anything else: 500 ``computeFault`` whose message gives the request id,
  while the traceback goes to the log under the same id -- a user never
  sees a traceback.
"""

import sys

from oslo_log import log as logging
import webob
import webob.exc

from minova.api.middleware import request_id
from minova.api.openstack import faults
from minova import exception

LOG = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = ('Unexpected API Error. Please report this with the '
                      'request id %(request_id)s; the minova-api log has the '
                      'details.\n%(type)s')


class FaultWrapper:
    """Catch what the rest of the pipeline raises; see the module doc."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # Plain WSGI, not wsgify: no request and response objects around
        # each call; the answer of the pipeline goes through as it is.
        started = []

        def start(status, headers, exc_info=None):
            started.append(True)
            return start_response(status, headers, exc_info)

        try:
            return self.application(environ, start)
        except Exception as exc:
            fault = self._fault(webob.Request(environ), exc)
            # Had the application started its answer, the fault replaces
            # it: start_response with exc_info, as PEP 3333 asks.
            exc_info = sys.exc_info() if started else None

        def start_fault(status, headers):
            return start_response(status, headers, exc_info)

        return fault(environ, start_fault)

    def _fault(self, req, exc):
        if isinstance(exc, webob.exc.WSGIHTTPException):
            if exc.code < 400:
                return exc  # a redirect or the like is an answer as it is
            LOG.debug('Returning %s to user: %s', exc.code, exc.explanation)
            return faults.from_http_exception(exc)
        if isinstance(exc, exception.MinovaException) and \
                exc.code is not None and 400 <= exc.code < 500:
            LOG.debug('Returning %s to user: %s', exc.code,
                      exc.format_message())
            return faults.fault_response(exc.code, exc.format_message())
        return self._unexpected(req, exc)

    @staticmethod
    def _unexpected(req, exc):
        request_id_ = req.environ.get(request_id.ENV_REQUEST_ID, 'unknown')
        # The raw path: this answer must not fail where the request did.
        LOG.exception('Unexpected error in %s %r (request id %s)',
                      req.method, req.environ.get('PATH_INFO'), request_id_)
        return faults.fault_response(500, UNEXPECTED_MESSAGE % {
            'request_id': request_id_, 'type': type(exc)})


def filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`FaultWrapper`."""
    return FaultWrapper
