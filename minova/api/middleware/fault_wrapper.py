"""Turn whatever a request raises into an answer with Nova's fault body.

- a ``webob.exc`` error: its code and explanation (a raised redirect is
  sent as it is);
- a :class:`~minova.exception.MinovaException` with a 4xx code: that code
  and ``format_message()``;
- anything else: 500 ``computeFault`` whose message gives the request id,
  while the traceback goes to the log under the same id -- a user never
  sees a traceback.
"""

from oslo_log import log as logging
import webob.dec
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

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            return req.get_response(self.application)
        except webob.exc.WSGIHTTPException as exc:
            if exc.code < 400:
                return exc  # a redirect or the like is an answer as it is
            LOG.debug('Returning %s to user: %s', exc.code, exc.explanation)
            return faults.from_http_exception(exc)
        except exception.MinovaException as exc:
            if exc.code is not None and 400 <= exc.code < 500:
                LOG.debug('Returning %s to user: %s', exc.code,
                          exc.format_message())
                return faults.fault_response(exc.code, exc.format_message())
            return self._unexpected(req, exc)
        except Exception as exc:
            return self._unexpected(req, exc)

    @staticmethod
    def _unexpected(req, exc):
        request_id_ = req.environ.get(request_id.ENV_REQUEST_ID, 'unknown')
        LOG.exception('Unexpected error in %s %s (request id %s)',
                      req.method, req.path, request_id_)
        return faults.fault_response(500, UNEXPECTED_MESSAGE % {
            'request_id': request_id_, 'type': type(exc)})


def filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`FaultWrapper`."""
    return FaultWrapper
