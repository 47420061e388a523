"""Queries of the fixed_ips table: the flat network's leased addresses.

A row is a lease; (network, address) is unique, so two concurrent
allocations of one address cannot both commit: the loser gets
DBDuplicateEntry and tries another address.

The statements of a build's allocation are Core, built once: an ORM load
or flush cost several times their execution.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models

_fixed_ips = models.FixedIP.__table__
_INSERT = sa.insert(_fixed_ips)
_LEASE_COLUMNS = ('network', 'address', 'mac', 'instance_uuid', 'created_at')
# The first lease of an instance, unless it has leases already (a
# reschedule allocates again): one statement for the check and the insert.
_INSERT_FIRST = sa.insert(_fixed_ips).from_select(
    _LEASE_COLUMNS,
    sa.select(*[sa.bindparam(name, type_=_fixed_ips.c[name].type)
                for name in _LEASE_COLUMNS])
    .where(~sa.exists().where(
        _fixed_ips.c.instance_uuid == sa.bindparam('instance_uuid'))))
_BY_INSTANCE = (sa.select(_fixed_ips.c.address, _fixed_ips.c.mac)
                .where(_fixed_ips.c.instance_uuid == sa.bindparam('uuid'))
                .order_by(_fixed_ips.c.id))


def addresses_in_use(s, network):
    return set(s.scalars(sa.select(_fixed_ips.c.address).where(
        _fixed_ips.c.network == network)))


def get_holder(s, network, address):
    """The uuid of the instance that leases ``address``, or None."""
    return s.scalar(sa.select(_fixed_ips.c.instance_uuid).where(
        _fixed_ips.c.network == network, _fixed_ips.c.address == address))


def create(s, values):
    """Lease an address (``network``, ``address``, ``mac``,
    ``instance_uuid``); return the lease's id."""
    return s.execute(_INSERT, values).inserted_primary_key[0]


def create_first(s, values):
    """Lease an address as :func:`create`, unless the instance holds
    leases already; whether it leased."""
    values = dict(values, created_at=timeutils.utcnow())
    return s.execute(_INSERT_FIRST, values).rowcount == 1


def get_by_instance_uuid(s, instance_uuid):
    """The instance's leases as rows of (address, mac), oldest first."""
    return s.execute(_BY_INSTANCE, {'uuid': instance_uuid}).all()


def delete_by_instance_uuid(s, instance_uuid):
    """Release the instance's leases; returns how many."""
    return s.execute(sa.delete(_fixed_ips).where(
        _fixed_ips.c.instance_uuid == instance_uuid)).rowcount
