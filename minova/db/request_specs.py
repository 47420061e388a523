"""Queries of the request_specs table: what a build asked for, kept for
rescheduling. The spec is stored as the RequestSpec's serialized primitive
(JSON), so it reads back as the same versioned object."""

import sqlalchemy as sa

from minova.db import models
from minova import exception

_INSERT = sa.insert(models.RequestSpec.__table__)  # built once


def create(s, instance_uuid, spec):
    s.execute(_INSERT, {'instance_uuid': instance_uuid, 'spec': spec})


def get_by_instance_uuid(s, instance_uuid):
    row = s.scalars(sa.select(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid)).first()
    if row is None:
        raise exception.NotFound('No request spec for instance %s' %
                                 instance_uuid)
    return row


def destroy(s, instance_uuid):
    s.execute(sa.delete(models.RequestSpec).where(
        models.RequestSpec.instance_uuid == instance_uuid))
