"""The Image API's rules (``/image/v2``), with Glance's names: readers of
a project list, show and download images, its members create, change,
upload, delete and share them, an admin may do all of it; making an
image public is an admin's (Glance's ``publicize_image``). Which image a
caller may see or change (the owner's, a member's) the back end decides,
as Glance's. Which route checks which rule is :data:`ROUTE_RULES`
(relative to ``/image/v2``); a route missing there stops the image API
from starting.
"""

from minova.api.policies import base

PREFIX = '/image/v2'

# rule name -> (default check string, description)
DEFAULTS = {
    'get_images': (base.PROJECT_READER_OR_ADMIN, 'List images.'),
    'get_image': (base.PROJECT_READER_OR_ADMIN, 'Show an image.'),
    'add_image': (base.PROJECT_MEMBER_OR_ADMIN, 'Create an image.'),
    'modify_image': (base.PROJECT_MEMBER_OR_ADMIN,
                     'Update an image (JSON patch, tags).'),
    'delete_image': (base.PROJECT_MEMBER_OR_ADMIN, 'Delete an image.'),
    'upload_image': (base.PROJECT_MEMBER_OR_ADMIN,
                     "Upload an image's data."),
    'download_image': (base.PROJECT_READER_OR_ADMIN,
                       "Download an image's data."),
    'publicize_image': (base.ADMIN, 'Make an image public.'),
    'communitize_image': (base.PROJECT_MEMBER_OR_ADMIN,
                          'Make an image community.'),
    'get_members': (base.PROJECT_READER_OR_ADMIN,
                    'List the members of an image.'),
    'get_member': (base.PROJECT_READER_OR_ADMIN,
                   'Show a member of an image.'),
    'add_member': (base.PROJECT_MEMBER_OR_ADMIN,
                   'Share an image with a project.'),
    'modify_member': (base.PROJECT_MEMBER_OR_ADMIN,
                      'Accept or reject an image shared with the project.'),
    'delete_member': (base.PROJECT_MEMBER_OR_ADMIN,
                      'Stop sharing an image with a project.'),
}

# Rules a handler checks itself: (method, path) of the routes that do.
INLINE = {
    'publicize_image': [('POST', '/images'), ('PATCH', '/images/{image_id}')],
    'communitize_image': [('POST', '/images'),
                          ('PATCH', '/images/{image_id}')],
}

ROUTE_RULES = {
    ('/images', 'GET'): 'get_images',
    ('/images', 'POST'): 'add_image',
    ('/images/{image_id}', 'GET'): 'get_image',
    ('/images/{image_id}', 'PATCH'): 'modify_image',
    ('/images/{image_id}', 'DELETE'): 'delete_image',
    ('/images/{image_id}/file', 'GET'): 'download_image',
    ('/images/{image_id}/file', 'PUT'): 'upload_image',
    ('/images/{image_id}/tags/{tag}', 'PUT'): 'modify_image',
    ('/images/{image_id}/tags/{tag}', 'DELETE'): 'modify_image',
    ('/images/{image_id}/members', 'GET'): 'get_members',
    ('/images/{image_id}/members', 'POST'): 'add_member',
    ('/images/{image_id}/members/{member_id}', 'GET'): 'get_member',
    ('/images/{image_id}/members/{member_id}', 'PUT'): 'modify_member',
    ('/images/{image_id}/members/{member_id}', 'DELETE'): 'delete_member',
    # Any authenticated caller, as Glance's.
    ('/schemas/image', 'GET'): None,
    ('/schemas/images', 'GET'): None,
    ('/schemas/member', 'GET'): None,
    ('/schemas/members', 'GET'): None,
}
