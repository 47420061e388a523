"""Queries of the flavors table and its extra specs."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from minova.db import models
from minova.db import sort_keys as db_sort_keys
from minova import exception

SORT_KEYS = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb',
             'ephemeral_gb', 'swap', 'rxtx_factor', 'id', 'created_at')

_flavors = models.Flavor.__table__
_specs = models.FlavorExtraSpec.__table__

# A flavor with its extra specs in one round trip (one row per spec, or one
# row with a NULL spec): built once, a Core select costs a fraction of the
# ORM load (entity, then a second query for the specs).
_WITH_SPECS = (
    sa.select(_flavors, _specs.c.key.label('spec_key'),
              _specs.c.value.label('spec_value'))
    .select_from(_flavors.outerjoin(_specs,
                                    _specs.c.flavor_id == _flavors.c.id))
    .where(_flavors.c.flavorid == sa.bindparam('flavorid'))
    .order_by(_specs.c.id))


def get_by_flavor_id(s, flavorid):
    row = s.scalars(sa.select(models.Flavor).where(
        models.Flavor.flavorid == str(flavorid))).first()
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return row


def get_values_by_flavor_id(s, flavorid):
    """``(row, extra_specs)``: the flavor as a plain row and its extra specs
    as a dict, for a read that changes nothing; FlavorNotFound if none."""
    rows = s.execute(_WITH_SPECS, {'flavorid': str(flavorid)}).all()
    if not rows:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return rows[0], {row.spec_key: row.spec_value for row in rows
                     if row.spec_key is not None}


def get_by_id(s, flavor_id):
    row = s.get(models.Flavor, flavor_id)
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavor_id)
    return row


def get_all(s, is_public=None, min_memory_mb=None, min_root_gb=None,
            limit=None, marker=None, sort_key='flavorid', sort_dir='asc'):
    """One page of flavors; ``marker`` is the flavorid ending the last."""
    db_sort_keys.check([sort_key], SORT_KEYS)
    query = s.query(models.Flavor).filter_by(disabled=False)
    if is_public is not None:
        query = query.filter_by(is_public=is_public)
    if min_memory_mb is not None:
        query = query.filter(models.Flavor.memory_mb >= min_memory_mb)
    if min_root_gb is not None:
        query = query.filter(models.Flavor.root_gb >= min_root_gb)
    marker_row = None
    if marker is not None:
        marker_row = s.scalars(sa.select(models.Flavor).where(
            models.Flavor.flavorid == str(marker))).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    return sqlalchemyutils.paginate_query(
        query, models.Flavor, limit, [sort_key, 'id'], marker=marker_row,
        sort_dirs=[sort_dir, sort_dir]).all()


def count(s):
    return s.scalar(sa.select(sa.func.count(models.Flavor.id)))


def create(s, values, extra_specs=None):
    """Insert a flavor; FlavorExists names the clashing name or flavorid
    (the unique constraints decide, so racing creates cannot both win)."""
    row = models.Flavor(**values)
    row.extra_specs = [models.FlavorExtraSpec(key=k, value=v)
                       for k, v in (extra_specs or {}).items()]
    s.add(row)
    try:
        s.flush()
    except db_exc.DBDuplicateEntry as e:
        field = next((c for c in e.columns or () if c in values), 'name')
        raise exception.FlavorExists(field=field, value=values.get(field))
    return row


def destroy(s, flavorid):
    """Remove a flavor. Servers keep their copy of it (instances.flavor)."""
    s.delete(get_by_flavor_id(s, flavorid))
    s.flush()


def extra_specs_update(s, flavorid, specs):
    row = get_by_flavor_id(s, flavorid)
    existing = {spec.key: spec for spec in row.extra_specs}
    for key, value in specs.items():
        if key in existing:
            existing[key].value = value
        else:
            row.extra_specs.append(models.FlavorExtraSpec(key=key,
                                                          value=value))
    s.flush()
    return row


def extra_spec_delete(s, flavorid, key):
    row = get_by_flavor_id(s, flavorid)
    for spec in row.extra_specs:
        if spec.key == key:
            row.extra_specs.remove(spec)
            s.flush()
            return
    raise exception.NotFound('Flavor %s has no extra spec %s' % (flavorid,
                                                                 key))
