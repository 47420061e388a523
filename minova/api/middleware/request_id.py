"""Give every request an id, and every answer the id.

oslo.middleware's RequestId does the work: it puts ``req-<uuid>`` in the
environ (``openstack.request_id``), keeps a valid inbound
``X-OpenStack-Request-ID`` as the global request id, and answers with
``x-openstack-request-id``. Nova's clients also read
``x-compute-request-id``, so minova sends both.
"""

from oslo_middleware import request_id

from minova.api import wsgi

ENV_REQUEST_ID = request_id.ENV_REQUEST_ID
ENV_GLOBAL_REQUEST_ID = request_id.GLOBAL_REQ_ID
COMPUTE_HEADER = 'x-compute-request-id'


class RequestIdMiddleware(request_id.RequestId):
    compat_headers = [COMPUTE_HEADER]


def filter_factory(global_conf, **local_conf):
    """Paste filter factory; hands minova's ConfigOpts to oslo.middleware so
    it never falls back to the global ``cfg.CONF``.
    """
    conf = wsgi.conf_from(global_conf)

    def _filter(app):
        return RequestIdMiddleware(app, conf)
    return _filter
