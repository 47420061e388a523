"""``/v2/images/{image_id}/members``: the projects a ``shared`` image is
shared with. Its owner adds and removes them; each member accepts or
rejects it (only accepted images are in the member's default list)."""

from minova.api.openstack import common
from minova.api.openstack.image.schemas import images as schema
from minova.api.openstack.image.views import images as views
from minova.api import validation
from minova.api import wsgi


class MembersController(common.ImageBackendController):

    def index(self, req, image_id):
        return views.members(self.image_api.get_members(req.context,
                                                        image_id))

    def show(self, req, image_id, member_id):
        return views.member(self.image_api.get_member(req.context, image_id,
                                                      member_id))

    @validation.schema(schema.add_member)
    def create(self, req, image_id, body):
        return views.member(self.image_api.add_member(
            req.context, image_id, body['member']))

    @validation.schema(schema.update_member)
    def update(self, req, image_id, member_id, body):
        return views.member(self.image_api.update_member(
            req.context, image_id, member_id, body['status']))

    @wsgi.response(204)
    def delete(self, req, image_id, member_id):
        self.image_api.delete_member(req.context, image_id, member_id)
