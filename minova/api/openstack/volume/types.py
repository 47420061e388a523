"""``/types``: the volume types (:mod:`.volume_types`), read only."""

from minova.api.openstack import common
from minova.api.openstack.volume import volume_types


class TypesController(common.VolumeBackendController):

    def index(self, req):
        return {'volume_types': volume_types.get_all(self.volume_api,
                                                     req.context)}

    def show(self, req, type_id):
        """A type by id or name; ``default`` is the default type, as
        Cinder answers ``GET /types/default``."""
        if type_id == 'default':
            type_id = volume_types.DEFAULT_TYPE
        return {'volume_type': volume_types.get(self.volume_api, req.context,
                                                type_id)}
