"""Queries of the volumes and volume_attachments tables (the local volume
back end's records)."""

from minova.db import models
from minova import exception


def create(s, values):
    row = models.Volume(**values)
    s.add(row)
    s.flush()
    return row


def get(s, volume_id):
    row = s.get(models.Volume, str(volume_id))
    if row is None:
        raise exception.VolumeNotFound(volume_id=volume_id)
    return row


def get_all(s, project_id=None):
    """Volumes, newest first; of ``project_id`` only when given."""
    query = s.query(models.Volume)
    if project_id is not None:
        query = query.filter(models.Volume.project_id == project_id)
    return query.order_by(models.Volume.created_at.desc(),
                          models.Volume.id).all()


def update(s, row, values):
    for key, value in values.items():
        setattr(row, key, value)
    s.flush()
    return row


def delete(s, row):
    s.delete(row)
    s.flush()


def attachment_create(s, values):
    row = models.VolumeAttachment(**values)
    s.add(row)
    s.flush()
    return row


def attachment_get(s, attachment_id):
    row = s.get(models.VolumeAttachment, str(attachment_id))
    if row is None:
        raise exception.VolumeAttachmentNotFound(attachment_id=attachment_id)
    return row


def attachments_of(s, volume_ids):
    """``{volume id: [attachment rows]}``, oldest first."""
    rows = (s.query(models.VolumeAttachment)
            .filter(models.VolumeAttachment.volume_id.in_(list(volume_ids)))
            .order_by(models.VolumeAttachment.created_at).all())
    found = {}
    for row in rows:
        found.setdefault(row.volume_id, []).append(row)
    return found
