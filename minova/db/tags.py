"""Queries of the ``tags`` table: the tags of servers (microversion 2.26).

Every function takes the session ``s`` of the caller's transaction.
"""

import sqlalchemy as sa

from minova.db import models

_tags = models.Tag.__table__


def get_by_instance_uuids(s, uuids):
    """``{uuid: [tag, ...]}`` (sorted) of the servers ``uuids``: one
    query."""
    found = {}
    if not uuids:
        return found
    rows = s.execute(sa.select(_tags.c.resource_id, _tags.c.tag).where(
        _tags.c.resource_id.in_(list(uuids))).order_by(_tags.c.tag))
    for uuid, tag in rows:
        found.setdefault(uuid, []).append(tag)
    return found


def get(s, uuid):
    return get_by_instance_uuids(s, [uuid]).get(uuid, [])


def add(s, uuid, tags):
    """Add the ``tags`` the server does not have yet."""
    new = sorted(set(tags) - set(get(s, uuid)))
    if new:
        s.execute(sa.insert(_tags), [{'resource_id': uuid, 'tag': tag}
                                     for tag in new])


def replace(s, uuid, tags):
    """The server's tags become ``tags``; returns them, sorted."""
    delete_all(s, uuid)
    add(s, uuid, tags)
    return sorted(set(tags))


def delete(s, uuid, tag):
    """Remove one tag; returns whether the server had it."""
    return s.execute(sa.delete(_tags).where(
        _tags.c.resource_id == uuid, _tags.c.tag == tag)).rowcount == 1


def delete_all(s, uuid):
    s.execute(sa.delete(_tags).where(_tags.c.resource_id == uuid))


def filter_instances(query, uuid_column, filters):
    """Apply Nova's tag filters to a query of instances: ``tags`` (all of
    them), ``tags-any`` (one of them), ``not-tags`` (not all of them),
    ``not-tags-any`` (none of them); each a list of tags."""
    def having(tags, every):
        matching = sa.select(_tags.c.resource_id).where(
            _tags.c.tag.in_(list(tags)))
        if every:
            matching = matching.group_by(_tags.c.resource_id).having(
                sa.func.count(sa.distinct(_tags.c.tag)) == len(set(tags)))
        return uuid_column.in_(matching)

    for name, every, negate in (('tags', True, False),
                                ('tags-any', False, False),
                                ('not-tags', True, True),
                                ('not-tags-any', False, True)):
        tags = filters.pop(name, None)
        if tags:
            condition = having(tags, every)
            query = query.where(sa.not_(condition) if negate else condition)
    return query
