"""Handlers and helpers for the API framework tests.

The handlers are mounted with ``wsgi.init_application(conf, routes=ROUTES)``
behind the real paste pipeline, so a test sees exactly what a client would.
"""

import webob
import webob.exc

from minova.api import microversion
from minova.api import validation
from minova.api.openstack import compute
from minova.api import wsgi
from minova import exception
from minova.tests import fixtures as minova_fixtures

SCHEMA = {
    'type': 'object',
    'properties': {
        'thing': {
            'type': 'object',
            'properties': {'name': {'type': 'string', 'maxLength': 8}},
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['thing'],
    'additionalProperties': False,
}


def whoami(req):
    ctx = req.context
    return {'user_id': ctx.user_id, 'project_id': ctx.project_id,
            'roles': ctx.roles, 'is_admin': ctx.is_admin,
            'service_catalog': ctx.service_catalog,
            'request_id': ctx.request_id,
            'global_request_id': ctx.global_request_id,
            'api_version': str(req.api_version),
            'conf_host': req.conf.host}


@wsgi.response(202)
@validation.schema(SCHEMA)
def create_thing(req, body):
    req.response.headers['Location'] = req.path_url + '/42'
    return {'thing': dict(body['thing'], id='42')}


def show_thing(req, thing_id):
    return {'thing': {'id': thing_id}}


def thing_detail(req):
    return {'things': ['detail']}


def echo_body(req, body):
    return {'body': body}


@wsgi.response(204)
def delete_thing(req, thing_id):
    return None


def raw_response(req):
    return webob.Response(status=299, body=b'raw', content_type='text/plain')


def raise_not_found(req):
    raise exception.InstanceNotFound(instance_id='abc')


def raise_conflict(req):
    raise exception.InstanceInvalidState(
        action='stop', instance_uuid='abc', attr='vm_state', state='stopped')


def raise_forbidden(req):
    raise exception.Forbidden()


def raise_webob(req):
    raise webob.exc.HTTPConflict(explanation='Busy, try later.')


def raise_redirect(req):
    raise webob.exc.HTTPFound(location='http://localhost/v2.1/whoami')


def raise_unexpected(req):
    raise KeyError('secret internal detail')


def raise_server_side(req):
    raise exception.DatabaseUnreachable(url='postgresql://u:pw@db/minova',
                                        reason='refused')


@microversion.version_handler('2.1', '2.1')
def versioned_old(req):
    return {'handler': 'old'}


@microversion.version_handler('2.2')
def versioned_new(req):
    return {'handler': 'new'}


class ThingsController:
    """A class-based controller, built once per application with conf."""

    instances = []

    def __init__(self, conf):
        self.conf = conf
        self.instances.append(self)

    def index(self, req):
        return {'things': [], 'controller': id(self)}

    @validation.schema(SCHEMA)
    def create(self, req, body):
        return body


# The real table (version documents) plus the test handlers.
ROUTES = dict(compute.ROUTES, **{
    '/whoami': {'GET': whoami},
    '/things': {'GET': (ThingsController, 'index'),
                'POST': (ThingsController, 'create')},
    '/things/detail': {'GET': thing_detail},
    '/things/{thing_id}': {'GET': show_thing, 'DELETE': delete_thing},
    '/create': {'POST': create_thing},
    '/echo': {'POST': echo_body, 'PUT': echo_body},
    '/raw': {'GET': raw_response},
    '/errors/not-found': {'GET': raise_not_found},
    '/errors/conflict': {'GET': raise_conflict},
    '/errors/forbidden': {'GET': raise_forbidden},
    '/errors/webob': {'GET': raise_webob},
    '/errors/redirect': {'GET': raise_redirect},
    '/errors/unexpected': {'GET': raise_unexpected},
    '/errors/server-side': {'GET': raise_server_side},
    '/versioned': {'GET': [versioned_old, versioned_new]},
})


def make_app(test, routes=ROUTES, **overrides):
    """The real pipeline over ``routes``; ``overrides`` as for ConfFixture
    (``**{'api.auth_strategy': 'keystone'}``; noauth2 unless they say).
    Returns (app, conf).
    """
    overrides.setdefault('api.auth_strategy', 'noauth2')
    conf = test.useFixture(minova_fixtures.ConfFixture(**overrides)).conf
    return wsgi.init_application(conf, routes=routes), conf


def request(app, path, method='GET', token='demo:demo', json_body=None,
            headers=None, **kwargs):
    """Send ``path`` to ``app`` and return the webob response; a request
    with ``json_body`` is sent as application/json.
    """
    headers = dict(headers or {})
    if token is not None:
        headers.setdefault('X-Auth-Token', token)
    if json_body is not None:
        kwargs.setdefault('content_type', 'application/json')
    req = webob.Request.blank(path, method=method, headers=headers, **kwargs)
    if json_body is not None:
        req.json_body = json_body
    return req.get_response(app)
