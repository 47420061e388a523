"""Queries of the fixed_ips table: the flat network's leased addresses.

A row is a lease; (network, address) is unique, so two concurrent
allocations of one address cannot both commit: the loser gets
DBDuplicateEntry and tries another address.
"""

import sqlalchemy as sa

from minova.db import models


def addresses_in_use(s, network):
    return set(s.scalars(sa.select(models.FixedIP.address).where(
        models.FixedIP.network == network)))


def create(s, values):
    row = models.FixedIP(**values)
    s.add(row)
    s.flush()
    return row


def get_by_instance_uuid(s, instance_uuid):
    return list(s.scalars(sa.select(models.FixedIP).where(
        models.FixedIP.instance_uuid == instance_uuid).order_by(
        models.FixedIP.id)))


def delete_by_instance_uuid(s, instance_uuid):
    """Release the instance's leases; returns how many."""
    return s.execute(sa.delete(models.FixedIP).where(
        models.FixedIP.instance_uuid == instance_uuid)).rowcount
