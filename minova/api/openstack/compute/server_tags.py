"""``/servers/{server_id}/tags``: a server's tags (Nova's
``server_tags.py``, microversion 2.26 and later; 404 before).

Tags change only while a server rests (active, paused, suspended or
stopped: otherwise 409); a server carries at most 50 of them.
"""

import webob
import webob.exc

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_tags as schema
from minova.api import microversion
from minova.api import validation
from minova.api import wsgi
from minova.compute import vm_states
from minova.db import session as db_session
from minova.db import tags as db_tags
from minova import exception

_TAG_VALIDATOR = validation.validator(schema.tag)
_CHANGEABLE = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
               vm_states.STOPPED)


class ServerTagsController(common.Controller):

    def _changeable(self, context, server_id, action):
        instance = self._get_instance(context, server_id, expected_attrs=())
        if instance.vm_state not in _CHANGEABLE:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        return instance

    @microversion.version_handler('2.26')
    def index(self, req, server_id):
        self._get_instance(req.context, server_id, expected_attrs=())
        with db_session.reader_connection() as s:
            return {'tags': db_tags.get(s, server_id)}

    @microversion.version_handler('2.26')
    @wsgi.response(204)
    def show(self, req, server_id, tag):
        self._get_instance(req.context, server_id, expected_attrs=())
        with db_session.reader_connection() as s:
            if tag not in db_tags.get(s, server_id):
                raise webob.exc.HTTPNotFound(
                    explanation="Server %s has no tag '%s'" % (server_id,
                                                               tag))

    @microversion.version_handler('2.26')
    @validation.schema(schema.update_all)
    def update_all(self, req, server_id, body):
        self._changeable(req.context, server_id, 'update tags')
        with db_session.writer_connection() as s:
            return {'tags': db_tags.replace(s, server_id, body['tags'])}

    @microversion.version_handler('2.26')
    @validation.schema(schema.update)
    def update(self, req, server_id, tag, body):
        """201 with the tag's URL when it is new, 204 when the server had
        it already."""
        self._changeable(req.context, server_id, 'update tag')
        try:
            validation.validate(_TAG_VALIDATOR, tag)
        except exception.ValidationError as e:
            raise webob.exc.HTTPBadRequest(explanation=(
                "Tag '%s' is invalid. It must be a non empty string without "
                "characters '/' and ','. Validation error message: %s" % (
                    tag, e.format_message())))
        with db_session.writer_connection() as s:
            tags = db_tags.get(s, server_id)
            if tag in tags:
                return webob.Response(status=204)
            if len(tags) >= schema.MAX_TAG_COUNT:
                raise webob.exc.HTTPBadRequest(
                    explanation='The number of tags exceeded the per-server '
                                'limit %d' % schema.MAX_TAG_COUNT)
            db_tags.add(s, server_id, [tag])
        response = webob.Response(status=201)
        response.headers['Location'] = '%s/servers/%s/tags/%s' % (
            req.application_url.rstrip('/'), server_id, tag)
        return response

    @microversion.version_handler('2.26')
    @wsgi.response(204)
    def delete(self, req, server_id, tag):
        self._changeable(req.context, server_id, 'delete tag')
        with db_session.writer_connection() as s:
            if not db_tags.delete(s, server_id, tag):
                raise webob.exc.HTTPNotFound(
                    explanation='Tag %s could not be found.' % tag)

    @microversion.version_handler('2.26')
    @wsgi.response(204)
    def delete_all(self, req, server_id):
        self._changeable(req.context, server_id, 'delete tags')
        with db_session.writer_connection() as s:
            db_tags.delete_all(s, server_id)
