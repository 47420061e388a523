"""Snapshots as Cinder's v3 API shows them, by microversion. minova's
snapshots keep no metadata (``{}``) nor user; their ``size`` is their
volume's."""

from minova.api.openstack import common
from minova.api.openstack.volume import microversion as mv


def detail(req, snapshot):
    """One snapshot: Cinder's summary and detail views are the same."""
    view = {'id': snapshot['id'],
            'created_at': common.primitive_time(snapshot['created_at']),
            'updated_at': None,
            'name': snapshot['name'], 'description': snapshot['description'],
            'volume_id': snapshot['volume_id'], 'status': snapshot['status'],
            'size': snapshot['size'], 'metadata': {}}
    version = req.api_version
    if version.matches(mv.GROUP_SNAPSHOTS):
        view['group_snapshot_id'] = None
    if version.matches(mv.SNAPSHOT_LIST_USER_ID):
        view['user_id'] = None
    if version.matches(mv.USE_QUOTA):
        view['consumes_quota'] = True
    # Cinder's extended attributes, shown to the owner and to admins.
    view['os-extended-snapshot-attributes:project_id'] = snapshot['project_id']
    view['os-extended-snapshot-attributes:progress'] = '100%'
    return view
