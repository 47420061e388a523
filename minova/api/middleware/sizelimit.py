"""Cap request bodies before anything reads them, as Nova does:
oslo.middleware's ``RequestBodySizeLimiter`` and its option
``[oslo_middleware] max_request_body_size`` (112 KiB by default).

A body whose Content-Length is over the limit is refused before it is
read; a body of unknown length (chunked, under a WSGI server that passes
it on undecoded in length) is refused as soon as reading it passes the
limit. Either way the 413 is raised to the fault wrapper, which answers
Nova's ``overLimit`` fault.
"""

from oslo_middleware import sizelimit
import webob
import webob.exc

from minova.api import wsgi


class RequestBodySizeLimiter(sizelimit.RequestBodySizeLimiter):
    """oslo's limiter, with its refusal raised rather than answered."""

    def __call__(self, environ, start_response):
        # oslo's __call__ is webob's wsgify: called with an environ, it
        # would answer any HTTPException itself (its own 413, and those of
        # everything inside) in webob's body, not Nova's; called with a
        # request, it lets them through to the fault wrapper.
        try:
            response = super().__call__(webob.Request(environ))
        except webob.exc.HTTPRequestEntityTooLarge:
            limit = self.oslo_conf.oslo_middleware.max_request_body_size
            raise webob.exc.HTTPRequestEntityTooLarge(
                explanation='Request is too large: the body is larger than '
                            '[oslo_middleware] max_request_body_size (%d '
                            'bytes).' % limit)
        return response(environ, start_response)


def filter_factory(global_conf, **local_conf):
    """Paste filter factory: the limiter reads this application's
    ConfigOpts, never the global ``cfg.CONF``."""
    conf = wsgi.conf_from(global_conf)
    return lambda application: RequestBodySizeLimiter(application, conf)
