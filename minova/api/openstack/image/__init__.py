"""The Image API v2 (Glance's) minova serves, under ``/image``: a subset
of Glance's, over minova's image back end, so that openstacksdk and
``openstack image ...`` / ``openstack server create --image NAME`` find
minova's images through the catalog. The compute API's ``/v2.1/images``
proxy reads the same back end.

This is its routing table, relative to ``/image/v2``. The version
documents are :mod:`.versions`.
"""

from minova.api.middleware import sizelimit
from minova.api.openstack.image import image_schemas
from minova.api.openstack.image import images
from minova.api.openstack.image import members
from minova.api.policies import image as image_rules
from minova.api import wsgi

_images = images.ImagesController
_members = members.MembersController
_schemas = image_schemas.SchemasController

ROUTES = {
    '/images': {'GET': (_images, 'index'), 'POST': (_images, 'create')},
    '/images/{image_id}': {'GET': (_images, 'show'),
                           'PATCH': (_images, 'update'),
                           'DELETE': (_images, 'delete')},
    '/images/{image_id}/file': {'GET': (_images, 'download'),
                                'PUT': (_images, 'upload')},
    '/images/{image_id}/tags/{tag}': {'PUT': (_images, 'add_tag'),
                                      'DELETE': (_images, 'delete_tag')},
    '/images/{image_id}/members': {'GET': (_members, 'index'),
                                   'POST': (_members, 'create')},
    '/images/{image_id}/members/{member_id}': {
        'GET': (_members, 'show'), 'PUT': (_members, 'update'),
        'DELETE': (_members, 'delete')},
    '/schemas/image': {'GET': (_schemas, 'image')},
    '/schemas/images': {'GET': (_schemas, 'images')},
    '/schemas/member': {'GET': (_schemas, 'member')},
    '/schemas/members': {'GET': (_schemas, 'members')},
}

# Glance's URLs carry no project id; nothing must look like one.
_NO_PROJECT_ID = r'(?!)'


def router_factory(global_conf, **local_conf):
    """Paste app factory: the v2 router over :data:`ROUTES`, each route
    checking its Glance policy rule."""
    return wsgi.APIRouter(wsgi.conf_from(global_conf), ROUTES,
                          project_id_pattern=_NO_PROJECT_ID,
                          route_rules=image_rules.ROUTE_RULES)


def sizelimit_filter_factory(global_conf, **local_conf):
    """Paste filter factory: ``[oslo_middleware] max_request_body_size``
    caps every body but image data (``PUT .../file``), which is streamed
    to the back end and capped by ``[image] user_storage_quota``."""
    limited = sizelimit.filter_factory(global_conf, **local_conf)

    def middleware(application):
        limiter = limited(application)

        def app(environ, start_response):
            if environ.get('REQUEST_METHOD') == 'PUT' and \
                    environ.get('PATH_INFO', '').endswith('/file'):
                return application(environ, start_response)
            return limiter(environ, start_response)
        return app
    return middleware
