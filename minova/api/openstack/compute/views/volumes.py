"""Volumes and snapshots as Nova's ``/os-volumes`` and ``/os-snapshots``
show them (camelCase, ``display*`` names): the volume back end's dicts
(minova.volume.api) in the compute API's format."""

from minova.api.openstack import common


def _attachment(volume, attachment):
    """Nova's attachment summary: its ``id`` is the volume's, and
    ``device`` appears only when the volume has one."""
    view = {'id': volume['id'], 'volumeId': volume['id'],
            'serverId': attachment['server_id']}
    if attachment.get('device'):
        view['device'] = attachment['device']
    return view


def volume(volume):
    """One volume; ``attachments`` is ``[{}]`` for a volume without any,
    as in Nova. (Nova shows only the first attachment of a multiattach
    volume; minova shows each.)"""
    attachments = [_attachment(volume, a) for a in volume['attachments']]
    return {'id': volume['id'], 'status': volume['status'],
            'size': volume['size'],
            'availabilityZone': volume['availability_zone'],
            'createdAt': common.primitive_time(volume['created_at']),
            'attachments': attachments or [{}],
            'displayName': volume['name'],
            'displayDescription': volume['description'],
            'volumeType': volume['volume_type'],
            'snapshotId': volume['snapshot_id'],
            'metadata': volume['metadata'] or {}}


def snapshot(snapshot):
    """One snapshot; its ``size`` is its volume's, as in Nova."""
    return {'id': snapshot['id'], 'volumeId': snapshot['volume_id'],
            'status': snapshot['status'], 'size': snapshot['size'],
            'createdAt': common.primitive_time(snapshot['created_at']),
            'displayName': snapshot['name'],
            'displayDescription': snapshot['description']}
