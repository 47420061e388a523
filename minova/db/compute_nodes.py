"""Queries of the compute_nodes table."""

from oslo_utils import uuidutils
import sqlalchemy as sa

from minova.db import models
from minova.db import session
from minova import exception


def get_by_host_and_nodename(host, nodename):
    with session.reader() as s:
        row = s.scalars(sa.select(models.ComputeNode).filter_by(
            host=host, hypervisor_hostname=nodename, deleted=0)).first()
    if row is None:
        raise exception.ComputeHostNotFound(host=host)
    return row


def get(node_id):
    with session.reader() as s:
        row = s.get(models.ComputeNode, node_id)
    if row is None or row.deleted:
        raise exception.ComputeHostNotFound(host=node_id)
    return row


def get_by_uuid(node_uuid):
    with session.reader() as s:
        row = s.scalars(sa.select(models.ComputeNode).filter_by(
            uuid=node_uuid, deleted=0)).first()
    if row is None:
        raise exception.ComputeHostNotFound(host=node_uuid)
    return row


def get_all(host=None):
    query = sa.select(models.ComputeNode).filter_by(deleted=0)
    if host:
        query = query.filter_by(host=host)
    with session.reader() as s:
        return list(s.scalars(query.order_by(models.ComputeNode.id)))


def create_or_update(host, nodename, values):
    """Write what a compute reported about its node; create it the first
    time. Claims (``*_used`` bumps) go through the scheduler, not here."""
    with session.writer() as s:
        row = s.scalars(sa.select(models.ComputeNode).filter_by(
            host=host, hypervisor_hostname=nodename, deleted=0)).first()
        if row is None:
            row = models.ComputeNode(uuid=uuidutils.generate_uuid(), host=host,
                                     hypervisor_hostname=nodename,
                                     generation=0)
            s.add(row)
        for key, value in values.items():
            setattr(row, key, value)
        s.flush()
        return row
