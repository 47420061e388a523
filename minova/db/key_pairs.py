"""Queries of the key_pairs table: a user's keypairs, by name.

A keypair belongs to a user (not to a project, as in Nova): every query is
scoped by ``user_id``, so one user's names never meet another's. Every
function takes the session or connection ``s`` of the caller's transaction;
all are Core statements.
"""

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models
from minova import exception

_key_pairs = models.KeyPair.__table__


def create(s, values):
    """Insert a keypair (``values``: name, user_id, fingerprint,
    public_key, type); KeyPairExists (409) if the user has one of that
    name (the unique constraint decides, so racing creates cannot both
    win). Returns the row."""
    values = dict(values, created_at=timeutils.utcnow())
    try:
        key_id = s.execute(sa.insert(_key_pairs),
                           values).inserted_primary_key[0]
    except db_exc.DBDuplicateEntry:
        raise exception.KeyPairExists(key_name=values['name'])
    return s.execute(sa.select(_key_pairs).where(
        _key_pairs.c.id == key_id)).one()


def get_by_name(s, user_id, name):
    """The keypair ``name`` of ``user_id``; KeypairNotFound (404)."""
    row = s.execute(sa.select(_key_pairs).where(
        _key_pairs.c.user_id == user_id,
        _key_pairs.c.name == name)).first()
    if row is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return row


def get_all_by_user(s, user_id, limit=None, marker=None):
    """The user's keypairs by name; with ``marker`` (a name), those after
    it (MarkerNotFound, 400, if the user has no such keypair)."""
    query = sa.select(_key_pairs).where(_key_pairs.c.user_id == user_id)
    if marker is not None:
        _check_marker(s, user_id, marker)
        query = query.where(_key_pairs.c.name > marker)
    query = query.order_by(_key_pairs.c.name)
    if limit is not None:
        query = query.limit(limit)
    return s.execute(query).all()


def _check_marker(s, user_id, marker):
    try:
        get_by_name(s, user_id, marker)
    except exception.KeypairNotFound:
        raise exception.MarkerNotFound(marker=marker)


def count_by_user(s, user_id):
    """The user's keypairs (Nova's ``key_pairs`` quota counts these)."""
    return s.scalar(sa.select(sa.func.count(_key_pairs.c.id)).where(
        _key_pairs.c.user_id == user_id))


def destroy(s, user_id, name):
    """Delete the keypair ``name`` of ``user_id``; KeypairNotFound (404)."""
    result = s.execute(sa.delete(_key_pairs).where(
        _key_pairs.c.user_id == user_id, _key_pairs.c.name == name))
    if not result.rowcount:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
