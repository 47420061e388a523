"""Queries of the request_specs table: what a build asked for, kept for
rescheduling. The spec is stored as the RequestSpec's serialized primitive
(JSON), so it reads back as the same versioned object.

Core statements: they run in the caller's Session or Connection."""

import sqlalchemy as sa

from minova.db import models
from minova import exception

_specs = models.RequestSpec.__table__
_INSERT = sa.insert(_specs)  # built once


def create(s, instance_uuid, spec):
    s.execute(_INSERT, {'instance_uuid': instance_uuid, 'spec': spec})


def get_by_instance_uuid(s, instance_uuid):
    row = s.execute(sa.select(_specs).where(
        _specs.c.instance_uuid == instance_uuid)).first()
    if row is None:
        raise exception.NotFound('No request spec for instance %s' %
                                 instance_uuid)
    return row


def destroy(s, instance_uuid):
    s.execute(sa.delete(_specs).where(_specs.c.instance_uuid == instance_uuid))


def update(s, instance_uuid, spec):
    s.execute(sa.update(_specs).where(
        _specs.c.instance_uuid == instance_uuid).values(spec=spec))
