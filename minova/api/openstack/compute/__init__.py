"""The routing table of the compute API v2.1: every URL minova serves.

Each URL template (relative to ``/v2.1``; Nova's optional ``/{project_id}``
prefix is handled by the router) maps HTTP methods to handlers. Any other
method on a known URL answers 405 with an ``Allow`` header; an unknown URL
answers 404 ``itemNotFound``. Literal segments win over placeholders, so
``/servers/detail`` never reaches ``/servers/{server_id}``.

A handler is a plain function ``handler(req, **url_params)`` -- POST and PUT
handlers also get ``body`` (the decoded JSON, or None) -- or a
``(ControllerClass, 'method')`` pair; the router builds one
``ControllerClass(conf)`` per application. To add a resource, write
``minova/api/openstack/compute/<resource>.py`` and add its URLs here::

    from minova.api.openstack.compute import servers

    '/servers': {
        'GET': (servers.ServersController, 'index'),
        'POST': (servers.ServersController, 'create'),
    },
    '/servers/detail': {'GET': (servers.ServersController, 'detail')},
    '/servers/{server_id}': {
        'GET': (servers.ServersController, 'show'),
        'DELETE': (servers.ServersController, 'delete'),
    },

A list of handlers, each declared with
``@microversion.version_handler(min, max)``, serves different microversions
of one URL and method. ``doc/source/api.rst`` has the whole recipe.
"""

from minova.api.openstack import versions

ROUTES = {
    # /v2.1 and /v2.1/ reach the router through a pipeline without auth
    # (see api-paste.ini), so that clients can discover the API first.
    '': {'GET': versions.show},
    '/': {'GET': versions.show},
    '/versions/{version_id}': {'GET': versions.show},
}
