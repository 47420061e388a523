"""Volumes as Cinder's v3 API shows them: the volume back end's dicts
(:mod:`minova.volume.api`) in Cinder's fields, by microversion.

What minova does not have is shown as Cinder shows it absent: no source
volume, no replication, no group, no encryption, no migration.
"""

from minova.api.openstack import common
from minova.api.openstack.volume import microversion as mv
from minova.api.openstack.volume.views import links
from minova.api.openstack.volume import volume_types


def summary(req, volume):
    """One volume of ``GET /volumes``."""
    return {'id': volume['id'], 'name': volume['name'],
            'links': links.links(req, 'volumes', volume['id'])}


def _attachments(req, volume):
    """Cinder's attachment summaries: ``id`` is the volume's; the host
    only to an admin."""
    return [{'id': volume['id'], 'attachment_id': a['attachment_id'],
             'volume_id': volume['id'], 'server_id': a['server_id'],
             'host_name': None, 'device': a.get('device'),
             'attached_at': None}
            for a in volume['attachments']]


def _image_metadata(volume):
    if volume.get('image_id'):
        return {'volume_image_metadata': {'image_id': volume['image_id']}}
    return {}


def _versioned(req, volume):
    """The fields later microversions add."""
    version = req.api_version
    is_admin = req.context.is_admin
    added = {}
    if version.matches(mv.GROUP_VOLUME):
        added['group_id'] = None
    if is_admin and version.matches(mv.VOLUME_DETAIL_PROVIDER_ID):
        added['provider_id'] = None
    if version.matches(mv.VOLUME_SHARED_TARGETS):
        added.update(shared_targets=False, service_uuid=None)
    if is_admin and version.matches(mv.VOLUME_CLUSTER_NAME):
        added['cluster_name'] = None
    if version.matches(mv.VOLUME_TYPE_ID):
        added['volume_type_id'] = volume_types.type_id(
            volume_types.shown_name(volume))
    if version.matches(mv.USE_QUOTA):
        added['consumes_quota'] = True
    return added


def detail(req, volume, extended=True):
    """One volume of ``GET /volumes/detail``, ``/volumes/{id}`` and, not
    ``extended``, of a create or update: as Cinder's, whose extensions add
    the ``os-vol-*-attr:*`` and ``volume_image_metadata`` fields to show
    and detail only (Tempest's create and update schemas refuse them)."""
    view = {
        'id': volume['id'], 'status': volume['status'],
        'size': volume['size'],
        'availability_zone': volume['availability_zone'],
        'created_at': common.primitive_time(volume['created_at']),
        'updated_at': None,
        'name': volume['name'], 'description': volume['description'],
        'volume_type': volume_types.shown_name(volume),
        'snapshot_id': volume['snapshot_id'], 'source_volid': None,
        'metadata': volume['metadata'] or {},
        'links': links.links(req, 'volumes', volume['id']),
        'user_id': volume.get('user_id'),
        'bootable': 'true' if volume['bootable'] else 'false',
        'encrypted': False, 'replication_status': None,
        'consistencygroup_id': None,
        'multiattach': bool(volume['multiattach']),
        'attachments': _attachments(req, volume),
    }
    if extended:
        view['os-vol-tenant-attr:tenant_id'] = volume['project_id']
        view.update(_image_metadata(volume))
    if extended and req.context.is_admin:
        view.update({'migration_status': None,
                     'os-vol-host-attr:host': None,
                     'os-vol-mig-status-attr:migstat': None,
                     'os-vol-mig-status-attr:name_id': None})
    view.update(_versioned(req, volume))
    return view
