"""Flavors in the database, as Flavor objects (api and conductor only).

An instance keeps its own copy of its flavor (``Instance.flavor``), so
changing or deleting a flavor here never changes a running server.
"""

from oslo_utils import uuidutils

from minova.db import flavors as db
from minova.db import session as db_session
from minova import exception
from minova.objects import flavor as flavor_obj

#: What a new cloud offers (name, flavorid, memory_mb, vcpus, root_gb):
#: Nova's classic m1 sizes.
DEFAULT_FLAVORS = (
    ('m1.tiny', '1', 512, 1, 1),
    ('m1.small', '2', 2048, 1, 20),
    ('m1.medium', '3', 4096, 2, 40),
    ('m1.large', '4', 8192, 4, 80),
)


def _from_row(row, extra_specs=None):
    """The Flavor of an ORM row, or of a plain row with ``extra_specs``."""
    if extra_specs is None:
        extra_specs = {spec.key: spec.value for spec in row.extra_specs}
    flavor = flavor_obj.Flavor(
        id=row.id, flavorid=row.flavorid, name=row.name,
        memory_mb=row.memory_mb, vcpus=row.vcpus, root_gb=row.root_gb,
        ephemeral_gb=row.ephemeral_gb, swap=row.swap,
        rxtx_factor=row.rxtx_factor, is_public=row.is_public,
        disabled=row.disabled, description=row.description,
        extra_specs=extra_specs)
    flavor.obj_reset_changes()
    return flavor


def get_flavor_by_flavor_id(flavorid, context=None):
    """The flavor whose API id is ``flavorid``; FlavorNotFound if none.

    Asked for a ``context`` that is not admin, a private flavor is not
    found either: in Nova a project sees a private flavor only through the
    flavor's access list, which minova does not have, and a 404 does not
    tell the caller that the id exists.
    """
    with db_session.reader_connection() as s:
        flavor = _from_row(*db.get_values_by_flavor_id(s, flavorid))
    if context is not None and not context.is_admin and not flavor.is_public:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return flavor


def get_all_flavors(is_public=None, min_memory_mb=None, min_root_gb=None,
                    limit=None, marker=None, sort_key='flavorid',
                    sort_dir='asc'):
    with db_session.reader() as s:
        return [_from_row(row) for row in db.get_all(
            s, is_public=is_public, min_memory_mb=min_memory_mb,
            min_root_gb=min_root_gb, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)]


def create(name, memory_mb, vcpus, root_gb, ephemeral_gb=0, flavorid=None,
           swap=0, rxtx_factor=1.0, is_public=True, description=None,
           extra_specs=None):
    """Create a flavor (``flavorid`` defaults to a new uuid); FlavorExists
    names the name or id that is taken."""
    values = {'name': name, 'memory_mb': memory_mb, 'vcpus': vcpus,
              'root_gb': root_gb, 'ephemeral_gb': ephemeral_gb,
              'flavorid': str(flavorid or uuidutils.generate_uuid()),
              'swap': swap, 'rxtx_factor': rxtx_factor,
              'is_public': is_public, 'description': description}
    with db_session.writer() as s:
        return _from_row(db.create(s, values, extra_specs))


def update_description(flavorid, description):
    with db_session.writer() as s:
        row = db.get_by_flavor_id(s, flavorid)
        row.description = description
        s.flush()
        return _from_row(row)


def destroy(flavorid):
    with db_session.writer() as s:
        db.destroy(s, flavorid)


def update_extra_specs(flavorid, specs):
    with db_session.writer() as s:
        return _from_row(db.extra_specs_update(s, flavorid, specs))


def delete_extra_spec(flavorid, key):
    with db_session.writer() as s:
        db.extra_spec_delete(s, flavorid, key)


def bootstrap_flavors():
    """Create :data:`DEFAULT_FLAVORS` when there are no flavors at all.
    Returns the flavors created (none when some existed)."""
    with db_session.writer() as s:
        if db.count(s):
            return []
        return [_from_row(db.create(s, {
            'name': name, 'flavorid': flavorid, 'memory_mb': memory_mb,
            'vcpus': vcpus, 'root_gb': root_gb}))
            for name, flavorid, memory_mb, vcpus, root_gb in DEFAULT_FLAVORS]
