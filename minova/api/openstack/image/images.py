"""``/v2/images``: Glance's Image API v2 over minova's image back end
(``[image] backend``). Handlers validate, translate Glance's fields to the
back end's arguments, call it and build the view; the back end's named
exceptions carry their HTTP codes (404, 403, 409, 413)."""

import webob

from minova.api.openstack import common
from minova.api.openstack.image import lists
from minova.api.openstack.image import patch
from minova.api.openstack.image.schemas import images as schema
from minova.api.openstack.image.views import images as views
from minova.api import validation
from minova.api import wsgi
from minova import exception
from minova import policy

_CHUNK = 64 * 1024
_CREATE = validation.validator(schema.create)
# Who may give an image each visibility besides the owner's members (the
# policy rule), as Glance: publicising is an admin's by default.
_VISIBILITY_RULES = {'public': 'publicize_image',
                     'community': 'communitize_image'}


class ImagesController(common.ImageBackendController):

    def index(self, req):
        query = lists.parse(req)
        found = self.image_api.get_all(
            req.context, filters=query.filters, marker=query.marker,
            sort_keys=query.sort_keys, sort_dirs=query.sort_dirs)
        found = [i for i in found if query.matches(i)][:query.limit]
        return views.images(req, found, query.limit)

    def show(self, req, image_id):
        return views.image(self.image_api.show(req.context, image_id))

    @wsgi.response(201)
    def create(self, req, body):
        # As Glance: a read-only attribute is 403 before any other check.
        for name in body if isinstance(body, dict) else ():
            patch.refuse_fixed(name)
        validation.validate(_CREATE, body)
        wanted = dict(body)
        visibility = wanted.pop('visibility', 'shared')
        self._check_visibility(req, visibility)
        if wanted.pop('os_hidden', False):
            raise exception.Forbidden('Hiding images (os_hidden) is not '
                                      'supported by minova.')
        owner = wanted.pop('owner', None)
        if owner and owner != req.context.project_id and \
                not req.context.is_admin:
            raise exception.Forbidden(
                'You are not permitted to create images owned by %s.'
                % owner)
        core = {name: wanted.pop(name) for name in list(wanted)
                if name in schema.ATTRIBUTES}
        image = self.image_api.reserve(
            req.context, core.get('name'),
            container_format=core.get('container_format'),
            disk_format=core.get('disk_format'),
            min_disk=core.get('min_disk', 0), min_ram=core.get('min_ram', 0),
            protected=core.get('protected', False),
            tags=patch.unique(core.get('tags', [])), properties=wanted,
            visibility=visibility, owner=owner, image_id=core.get('id'))
        req.response.headers['Location'] = '%s/images/%s' % (
            req.application_url, image['id'])
        return views.image(image)

    @wsgi.body(*schema.PATCH_MEDIA_TYPES)
    @validation.schema(schema.patch)
    def update(self, req, image_id, body):
        context = req.context
        image = self.image_api.show(context, image_id)
        values = patch.changes(image, body, is_admin=context.is_admin)
        if 'visibility' in values:
            self._check_visibility(req, values['visibility'])
        if values:
            image = self.image_api.update(context, image_id, values)
        return views.image(image)

    @wsgi.response(204)
    def delete(self, req, image_id):
        self.image_api.delete(req.context, image_id)

    @wsgi.response(204)
    @wsgi.body()
    def upload(self, req, image_id):
        """Streamed: the body goes to the back end as it arrives, never
        whole in memory."""
        if req.content_type != 'application/octet-stream':
            raise webob.exc.HTTPUnsupportedMediaType(
                explanation='Upload image data as application/octet-stream '
                            '(not %r).' % req.content_type)
        image = self.image_api.show(req.context, image_id)
        if not image['disk_format'] or not image['container_format']:
            raise exception.Invalid(reason=(
                'Properties disk_format, container_format must be set prior '
                'to saving data.'))
        self.image_api.store(req.context, image_id, req.body_file_raw,
                             expected_size=req.content_length)

    @wsgi.body()
    def download(self, req, image_id):
        image = self.image_api.show(req.context, image_id)
        if image['status'] != 'active' or not image.get('file'):
            return webob.Response(status=204)
        try:
            data = open(image['file'], 'rb')
        except FileNotFoundError:
            raise exception.ImageNotFound(image_id=image_id)
        resp = webob.Response(
            status=200, content_type='application/octet-stream',
            app_iter=_chunks(data), content_length=image['size'])
        resp.headers['Content-MD5'] = image['checksum']
        return resp

    @wsgi.response(204)
    @wsgi.body()
    def add_tag(self, req, image_id, tag):
        validation.validate(schema.ATTRIBUTES['tags'], [tag])
        image = self.image_api.show(req.context, image_id)
        self.image_api.update(req.context, image_id,
                              {'tags': patch.unique(image['tags'] + [tag])})

    @wsgi.response(204)
    def delete_tag(self, req, image_id, tag):
        image = self.image_api.show(req.context, image_id)
        if tag not in image['tags']:
            raise exception.NotFound(message='Image %s has no tag %s'
                                     % (image_id, tag))
        self.image_api.update(req.context, image_id, {
            'tags': [t for t in image['tags'] if t != tag]})

    def _check_visibility(self, req, visibility):
        rule = _VISIBILITY_RULES.get(visibility)
        if rule:
            policy.authorize(self.conf, req.context, rule)


def _chunks(data):
    with data:
        for chunk in iter(lambda: data.read(_CHUNK), b''):
            yield chunk
