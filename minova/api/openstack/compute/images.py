"""``/images``: the read-only image proxy of the compute API over the image
back end (``[image] backend``), in Nova's format; 404 from 2.36, as Nova
(its image-metadata proxy minova never had)."""

from minova.api.openstack import common
from minova.api.openstack.compute.views import images as views_images
from minova import exception

# Query parameters handed to the back end as filters.
_FILTERS = {'name': 'name', 'status': 'status'}


class ImagesController(common.ImageBackendController):

    def __init__(self, conf):
        super().__init__(conf)
        self._view_builder = views_images.ViewBuilder()

    @common.proxy_api
    def show(self, req, image_id):
        return self._view_builder.show(
            req, self.image_api.show(req.context, image_id))

    @common.proxy_api
    def index(self, req):
        return self._view_builder.index(req, self._get_images(req))

    @common.proxy_api
    def detail(self, req):
        return self._view_builder.detail(req, self._get_images(req))

    def _get_images(self, req):
        limit, marker = common.get_limit_and_marker(req)
        filters = {key: req.GET[param] for param, key in _FILTERS.items()
                   if param in req.GET}
        if 'status' in filters:
            # The image API speaks lowercase statuses.
            filters['status'] = filters['status'].lower()
        try:
            return self.image_api.get_all(req.context, filters=filters,
                                          limit=limit, marker=marker)
        except exception.MarkerNotFound:
            raise common.marker_not_found(marker)
