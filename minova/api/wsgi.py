"""Build the compute API's WSGI application, and route its requests.

:func:`init_application` loads ``api-paste.ini`` with PasteDeploy; the
factories below are the ones that file names. The configuration object
travels to them in the paste ``global_conf`` (never a global ``CONF``), so
several applications with different configurations can share a process.

:class:`APIRouter` is the end of the pipeline: it matches the URL against
the routing table (:data:`minova.api.openstack.compute.ROUTES`), picks the
handler for the method and microversion, decodes the JSON body, calls the
handler and serialises what it returns.
"""

import os
import re
import urllib.parse

from oslo_config import cfg
from oslo_serialization import jsonutils
from paste.deploy import loadwsgi
import webob
import webob.exc

from minova.api import json_body
from minova.api import microversion
from minova.api.openstack import faults
from minova import exception
from minova import policy

# Keys under which the pipeline leaves things in the WSGI environ.
ENV_CONTEXT = 'minova.context'
ENV_CONF = 'minova.conf'
ENV_RESPONSE = 'minova.response'
# Keys of the paste global_conf that carry objects to the factories.
PASTE_CONF_KEY = 'minova.conf'
PASTE_ROUTES_KEY = 'minova.routes'

PASTE_FILE = 'api-paste.ini'
BUNDLED_PASTE_DIR = os.path.dirname(os.path.abspath(__file__))
JSON_CONTENT_TYPES = ('application/json',
                      'application/vnd.openstack.compute+json')
# Nova accepts /v2.1/{project_id}/... as well as /v2.1/...; this is its
# default pattern for the optional project id segment.
PROJECT_ID_PATTERN = r'[0-9a-f\-]+'
_PROJECT_PREFIX = r'^/(?P<project_id>%s)(?P<rest>/.*)?$'
_METHODS_WITH_BODY = ('POST', 'PUT')


class Request(webob.Request):
    """A webob request with what the pipeline learnt about it."""

    @property
    def context(self):
        """The RequestContext the auth middleware built (None if public)."""
        return self.environ.get(ENV_CONTEXT)

    @property
    def api_version(self):
        """The negotiated :class:`~minova.api.microversion.APIVersionRequest`."""
        return self.environ.get(microversion.ENV_KEY, microversion.MIN_VERSION)

    @property
    def conf(self):
        """The service's ``cfg.ConfigOpts``."""
        return self.environ[ENV_CONF]

    @property
    def response(self):
        """The response a handler may set headers on (e.g. Location) before
        it returns the body.
        """
        return self.environ.setdefault(ENV_RESPONSE, webob.Response())


def response(code):
    """Declare the status a handler answers with when it succeeds."""
    def decorator(func):
        func.wsgi_code = code
        return func
    return decorator


def body(*content_types):
    """Declare the body a handler takes when it is not the default (JSON,
    for POST and PUT): JSON of one of ``content_types`` (any method; 415
    for another), or, with none named, the raw body, which the handler
    reads itself from ``req.body_file`` (an image upload)."""
    def decorator(func):
        func.wsgi_body = content_types
        return func
    return decorator


class _Route:
    """One URL template of the routing table, compiled."""

    def __init__(self, template, methods, resolve):
        self.template = template
        # re.split with a group alternates literal text and placeholder names.
        parts = re.split(r'\{(\w+)\}', template)
        self.regex = re.compile('^%s$' % ''.join(
            '(?P<%s>[^/]+)' % part if i % 2 else re.escape(part)
            for i, part in enumerate(parts)))
        # Literal segments win over placeholders: /servers/detail is tried
        # before /servers/{server_id}, whatever the order of the table.
        self.sort_key = [('{' in seg, seg) for seg in template.split('/')]
        self.handlers = {method: _check_ranges(template, method,
                                               [resolve(h) for h in _list(hs)])
                         for method, hs in methods.items()}

    def allowed(self):
        return ', '.join(sorted(self.handlers))


def _list(handlers):
    return list(handlers) if isinstance(handlers, list) else [handlers]


def _range(handler):
    return (getattr(handler, 'min_version', None),
            getattr(handler, 'max_version', None))


def _check_ranges(template, method, handlers):
    """Refuse, at start-up, two handlers that claim the same version."""
    for i, first in enumerate(handlers):
        for second in handlers[i + 1:]:
            (min1, max1), (min2, max2) = _range(first), _range(second)
            if ((max1 is None or min2 is None or min2 <= max1) and
                    (max2 is None or min1 is None or min1 <= max2)):
                raise ValueError('%s %s: handlers %s and %s serve overlapping '
                                 'microversions' % (method, template,
                                                    first, second))
    return handlers


class APIRouter:
    """Dispatch each request to the handler the routing table names.

    A table entry maps a URL template to ``{method: handler}``. A handler is
    a function ``handler(req, **url_params)`` (plus ``body=`` for POST and
    PUT), or a ``(ControllerClass, 'method')`` pair, for which the router
    makes one ``ControllerClass(conf)`` per application. A list of handlers
    declared with :func:`~minova.api.microversion.version_handler` serves
    different microversions of one URL and method.

    ``project_id_pattern``: what the optional leading ``/{project_id}``
    segment may be (Nova's default; the volume API, whose URLs carry the
    project, takes any segment, noauth2's ``admin`` too).

    ``route_rules`` (:data:`minova.api.policies.routes.ROUTE_RULES`): the
    policy rule each (template, method) checks before its handler runs;
    every route must have an entry, or the router is not built.
    """

    def __init__(self, conf, routes, project_id_pattern=PROJECT_ID_PATTERN,
                 route_rules=None):
        self.conf = conf
        if route_rules is not None:
            missing = sorted((template, method)
                             for template, methods in routes.items()
                             for method in methods
                             if (template, method) not in route_rules)
            if missing:
                raise ValueError('routes without a policy rule: %s'
                                 % missing)
        self.route_rules = route_rules
        self._project_prefix = re.compile(_PROJECT_PREFIX % project_id_pattern)
        controllers = {}

        def resolve(handler):
            if isinstance(handler, tuple):
                cls, name = handler
                if cls not in controllers:
                    controllers[cls] = cls(conf)
                return getattr(controllers[cls], name)
            return handler

        self.routes = sorted((_Route(t, m, resolve) for t, m in routes.items()),
                             key=lambda route: route.sort_key)

    def _match(self, path):
        for route in self.routes:
            match = route.regex.match(path)
            if match:
                return route, match.groupdict()
        return None, None

    def match(self, path):
        """(route, url params) for ``path``, trying it with and without a
        leading project id; (None, None) if nothing matches.
        """
        route, params = self._match(path)
        if route is None:
            prefixed = self._project_prefix.match(path)
            if prefixed:
                route, params = self._match(prefixed.group('rest') or '')
                if route is not None:
                    params['project_id'] = prefixed.group('project_id')
        return route, params

    def __call__(self, environ, start_response):
        # Not webob's wsgify: it would answer an HTTPException itself, and
        # only the fault wrapper may turn exceptions into answers.
        environ[ENV_CONF] = self.conf
        return self.dispatch(Request(environ))(environ, start_response)

    def dispatch(self, req):
        """The response for ``req``; raises what the fault wrapper renders."""
        route, params = self.match(req.path_info)
        if route is None:
            raise webob.exc.HTTPNotFound()
        if req.method not in route.handlers:
            raise webob.exc.HTTPMethodNotAllowed(
                explanation='The method %s is not allowed for this '
                            'resource.' % req.method,
                headers={'Allow': route.allowed()})
        handler = self._select(route.handlers[req.method], req.api_version)
        self._check_project_id(req, params.pop('project_id', None))
        content_types = getattr(handler, 'wsgi_body', None)
        if content_types is None:
            _check_content_type(req)
            if req.method in _METHODS_WITH_BODY:
                params['body'] = _json_body(req)
        elif content_types:
            if req.content_type not in content_types:
                raise webob.exc.HTTPUnsupportedMediaType(
                    explanation='Unsupported Content-Type %r: send %s' % (
                        req.content_type, ' or '.join(content_types)))
            params['body'] = _json_body(req)
        if self.route_rules is not None:
            self._authorize(req, route.template, params.get('body'))
        return _serialise(req, handler, handler(req, **params))

    def _authorize(self, req, template, body):
        """The route's rule, for the caller's own project and user; an
        ``action`` route's, of the action its body names (an unknown one is
        the handler's 400)."""
        rule = self.route_rules[(template, req.method)]
        if isinstance(rule, dict):
            names = list(body) if isinstance(body, dict) else []
            rule = rule.get(names[0]) if len(names) == 1 else None
        if rule is not None:
            policy.authorize(self.conf, req.context, rule)

    @staticmethod
    def _select(handlers, version):
        for handler in handlers:
            if version.matches(*_range(handler)):
                return handler
        # As in Nova: a method missing at this version looks absent.
        raise webob.exc.HTTPNotFound()

    @staticmethod
    def _check_project_id(req, project_id):
        context = req.context
        if project_id and context and project_id != context.project_id:
            raise webob.exc.HTTPBadRequest(
                explanation="Malformed request URL: URL's project_id '%s' "
                            "doesn't match Context's project_id '%s'"
                            % (project_id, context.project_id))


def _check_content_type(req):
    """Nova is lenient: no Content-Type, an empty one or text/plain mean
    JSON; anything else that is not JSON is refused with 415.
    """
    if 'Content-Type' not in req.headers:
        return
    content_type = req.content_type
    if content_type and content_type != 'text/plain' and \
            content_type not in JSON_CONTENT_TYPES:
        raise webob.exc.HTTPUnsupportedMediaType(
            explanation='Unsupported Content-Type')


def _json_body(req):
    # A body of unknown length (chunked) is read when the WSGI server says
    # it ends (wsgi.input_terminated); the size limiter caps it as it is read.
    if not req.is_body_readable:
        return None
    body = req.body
    if not body:
        return None
    return json_body.loads(body)


def _serialise(req, handler, result):
    """Turn what a handler returned into the response.

    A webob Response is sent as it is; anything else (a dict, a list or
    None) becomes a JSON body on ``req.response``, whose headers the handler
    may have set, with the status from :func:`response` (default 200).
    """
    if isinstance(result, webob.Response):
        return result
    resp = req.response
    code = getattr(handler, 'wsgi_code', None)
    if code:
        resp.status_int = code
    resp.content_type = 'application/json'
    if result is not None:
        resp.body = jsonutils.dump_as_bytes(result)
    return resp


# -- paste factories ---------------------------------------------------------

def conf_from(global_conf):
    """The ConfigOpts that :func:`init_application` put in global_conf."""
    try:
        return global_conf[PASTE_CONF_KEY]
    except KeyError:
        raise exception.ConfigError(
            group='api', option='api_paste_config', value=PASTE_FILE,
            reason='minova paste factories need the configuration object; '
                   'load the pipeline with minova.api.wsgi.init_application')


def router_factory(global_conf, **local_conf):
    """Paste app factory: the v2.1 router over the routing table."""
    routes = global_conf.get(PASTE_ROUTES_KEY)
    if routes is None:
        # Imported here: the resource modules the table names import this
        # module (for Request, response), so a top-level import would cycle.
        from minova.api.openstack import compute
        from minova.api.policies import routes as route_rules
        return APIRouter(conf_from(global_conf), compute.ROUTES,
                         route_rules=route_rules.ROUTE_RULES)
    return APIRouter(conf_from(global_conf), routes)


def pipeline_factory(loader, global_conf, **local_conf):
    """Paste composite: the pipeline named by ``[api] auth_strategy``."""
    conf = conf_from(global_conf)
    names = local_conf[conf.api.auth_strategy].split()
    app = loader.get_app(names[-1], global_conf=global_conf)
    for name in reversed(names[:-1]):
        app = loader.get_filter(name, global_conf=global_conf)(app)
    return app


def urlmap_factory(loader, global_conf, **local_conf):
    """Paste composite: dispatch on URL prefix, as Nova's urlmap does.

    ``/v2.1`` matches ``/v2.1`` and ``/v2.1/...``; ``/v2.1/+`` only matches
    when something follows ``/v2.1/`` -- that is how the version document
    stays public while everything under it needs a token.
    """
    apps = []
    for prefix, name in local_conf.items():
        strict = prefix.endswith('/+')
        prefix = prefix[:-2] if strict else prefix.rstrip('/')
        apps.append((prefix, strict,
                     loader.get_app(name, global_conf=global_conf)))
    apps.sort(key=lambda item: (len(item[0]), item[1]), reverse=True)
    return URLMap(apps)


class URLMap:
    """The app for the longest matching prefix, with SCRIPT_NAME moved on."""

    def __init__(self, apps):
        self.apps = apps

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        bad = _not_utf8(environ)
        if bad:
            # Before any middleware decodes it: a 400, not a traceback.
            return faults.fault_response(400, (
                'Malformed request URL: its %s is not valid UTF-8' % bad))(
                environ, start_response)
        for prefix, strict, app in self.apps:
            if strict:
                found = (path.startswith(prefix + '/') and
                         len(path) > len(prefix) + 1)
            else:
                found = path == prefix or path.startswith(prefix + '/')
            if found:
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        return faults.fault_response(404, 'The resource could not be found.')(
            environ, start_response)


def _not_utf8(environ):
    """Which part of the URL is not UTF-8 (the path arrives as latin-1, as
    PEP 3333 has it; the query string percent-encoded), or None."""
    try:
        environ.get('PATH_INFO', '').encode('latin-1').decode('utf-8')
    except (UnicodeEncodeError, UnicodeDecodeError):
        return 'path'
    try:
        urllib.parse.unquote_to_bytes(environ.get(
            'QUERY_STRING', '').encode('latin-1')).decode('utf-8')
    except (UnicodeEncodeError, UnicodeDecodeError):
        return 'query string'
    return None


def find_paste_config(conf):
    """The paste file to load: ``[api] api_paste_config`` if absolute, else
    looked up beside the config files, then among minova's bundled files.
    """
    path = conf.api.api_paste_config
    if os.path.isabs(path):
        candidates = [path]
    else:
        try:
            found = conf.find_file(path)
        except cfg.Error:
            found = None
        candidates = [found, os.path.join(BUNDLED_PASTE_DIR, path)]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            return os.path.abspath(candidate)
    raise exception.ConfigError(
        group='api', option='api_paste_config', value=path,
        reason='no such file beside the config files nor in %s'
               % BUNDLED_PASTE_DIR)


def init_application(conf, name='osapi_compute', routes=None):
    """Load the compute API's WSGI application for ``conf``.

    ``routes`` replaces the routing table (tests use it to mount their own
    handlers behind the real pipeline).
    """
    context = loadwsgi.loadcontext(loadwsgi.APP,
                                   'config:' + find_paste_config(conf),
                                   name=name)
    # PasteDeploy interpolates the global_conf it is given as strings, so
    # the objects go in after the file is parsed and before the factories
    # run.
    context.global_conf[PASTE_CONF_KEY] = conf
    if routes is not None:
        context.global_conf[PASTE_ROUTES_KEY] = routes
    return context.create()
