"""Images as Nova's image proxy shows them (``views/images.py``): the
image back end's dicts (Glance v2 style) in the compute API's format."""

from minova.api.openstack import common

# Glance status -> what the compute API shows, and the progress it implies.
_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'deleted': 'DELETED', 'pending_delete': 'DELETED',
           'killed': 'ERROR'}
_PROGRESS = {'queued': 25, 'saving': 50, 'active': 100}


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'images'

    def basic(self, req, image):
        return {'image': {'id': image['id'], 'name': image.get('name'),
                          'links': self._get_links(req, image['id'])}}

    def show(self, req, image):
        properties = image.get('properties') or {}
        body = self.basic(req, image)['image']
        body.update({
            'minRam': int(image.get('min_ram') or 0),
            'minDisk': int(image.get('min_disk') or 0),
            'metadata': properties,
            'created': common.isotime(image.get('created_at')),
            # Never null, as in Nova: an image not changed since it was
            # created was updated when it was created.
            'updated': common.isotime(image.get('updated_at') or
                                      image.get('created_at')),
            'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
            'progress': _PROGRESS.get(image.get('status'), 0),
            'OS-EXT-IMG-SIZE:size': image.get('size'),
        })
        instance_uuid = properties.get('instance_uuid')
        if instance_uuid:
            body['server'] = {'id': instance_uuid,
                              'links': self._get_links(req, instance_uuid,
                                                       'servers')}
        auto_disk_config = properties.get('auto_disk_config')
        if auto_disk_config is not None:
            body['OS-DCF:diskConfig'] = (
                'AUTO' if str(auto_disk_config).lower() in
                ('1', 't', 'true', 'on', 'y', 'yes') else 'MANUAL')
        return {'image': body}

    def index(self, req, images):
        return self._list_view(
            req, [self.basic(req, item)['image'] for item in images])

    def detail(self, req, images):
        return self._list_view(
            req, [self.show(req, item)['image'] for item in images])
