"""Queries of the volumes, volume_attachments and volume_snapshots tables
(the local volume back end's records)."""

import sqlalchemy as sa

from minova.db import models
from minova import exception


def _add(s, model, values):
    row = model(**values)
    s.add(row)
    s.flush()
    return row


def update(s, row, values):
    """Set ``values`` on a row of any of the three tables."""
    for key, value in values.items():
        setattr(row, key, value)
    s.flush()
    return row


def delete(s, row):
    """Delete a row of any of the three tables."""
    s.delete(row)
    s.flush()


# -- volumes -------------------------------------------------------------

def create(s, values):
    return _add(s, models.Volume, values)


def get(s, volume_id, lock=False):
    """The volume's row; ``lock``: held until the transaction ends
    (``SELECT ... FOR UPDATE``), for a check-then-change of its status."""
    row = s.get(models.Volume, str(volume_id), with_for_update=lock or None)
    if row is None:
        raise exception.VolumeNotFound(volume_id=volume_id)
    return row


def _newest_first(s, model, project_id):
    query = s.query(model)
    if project_id is not None:
        query = query.filter(model.project_id == project_id)
    return query.order_by(model.created_at.desc(), model.id).all()


def get_all(s, project_id=None):
    """Volumes, newest first; of ``project_id`` only when given."""
    return _newest_first(s, models.Volume, project_id)


# -- attachments ---------------------------------------------------------

def attachment_create(s, values):
    return _add(s, models.VolumeAttachment, values)


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


# -- snapshots -----------------------------------------------------------

def snapshot_create(s, values):
    return _add(s, models.VolumeSnapshot, values)


def snapshot_get(s, snapshot_id):
    row = s.get(models.VolumeSnapshot, str(snapshot_id))
    if row is None:
        raise exception.SnapshotNotFound(snapshot_id=snapshot_id)
    return row


def snapshot_get_all(s, project_id=None):
    """Snapshots, newest first; of ``project_id`` only when given."""
    return _newest_first(s, models.VolumeSnapshot, project_id)


def snapshot_count(s, volume_id):
    """How many snapshots volume ``volume_id`` has."""
    return s.scalar(sa.select(sa.func.count(models.VolumeSnapshot.id)).where(
        models.VolumeSnapshot.volume_id == str(volume_id)))
