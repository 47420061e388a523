"""What a server's view needs beyond its instance row, read for a page of
servers at once: attached volumes, host zones, and what later
microversions add (tags at 2.26, host status at 2.16, server groups at
2.71). Each is read only when the request's version shows it, so that a
2.1 listing costs what it did.
"""

import collections

import sqlalchemy as sa

from minova.api import microversion
from minova.api.openstack import common
from minova.db import block_device_mappings as db_bdms
from minova.db import instance_groups as db_groups
from minova.db import models
from minova.db import session as db_session
from minova.db import tags as db_tags
from minova import servicegroup

V2_16 = microversion.APIVersionRequest('2.16')
V2_26 = microversion.APIVersionRequest('2.26')
V2_71 = microversion.APIVersionRequest('2.71')

#: ``volumes``: {uuid: [(volume id, delete_on_termination)]};
#: ``root_devices``: {uuid: root device name};
#: ``host_zones``: {host: zone}; ``tags``: {uuid: [tag]} or None;
#: ``host_statuses``: {host: status} or None (not shown);
#: ``groups``: {uuid: [group uuid]} or None (not shown).
Extras = collections.namedtuple(
    'Extras', 'volumes root_devices host_zones tags host_statuses groups')
NONE = Extras({}, {}, {}, None, None, None)

_services = models.Service.__table__


def load(req, instances, host_zone_cache, show_groups=False):
    """The :class:`Extras` of ``instances`` for ``req``, in one
    transaction."""
    if not instances:
        return NONE
    version = req.api_version
    uuids = [instance.uuid for instance in instances]
    hosts = {instance.host for instance in instances if instance.host}
    with db_session.reader_connection() as s:
        volumes, roots = {}, {}
        for row in db_bdms.get_by_instance_uuids(s, uuids):
            if row.boot_index == 0:
                roots[row.instance_uuid] = row.device_name
            if row.destination_type == 'volume' and row.volume_id:
                volumes.setdefault(row.instance_uuid, []).append(
                    (row.volume_id, bool(row.delete_on_termination)))
        host_zones = host_zone_cache.get(req.conf, hosts, s)
        tags = (db_tags.get_by_instance_uuids(s, uuids)
                if version >= V2_26 else None)
        statuses = None
        if version >= V2_16 and common.allowed(
                req, 'os_compute_api:servers:show:host_status'):
            statuses = _host_statuses(req.conf, s, hosts)
        groups = None
        if show_groups and version >= V2_71:
            groups = {uuid: db_groups.get_uuids_by_instance(s, uuid)
                      for uuid in uuids}
    return Extras(volumes, roots, host_zones, tags, statuses, groups)


def _host_statuses(conf, s, hosts):
    """Nova's ``host_status`` of each host: DOWN (forced down),
    MAINTENANCE (disabled), UP or UNKNOWN (by its heartbeat); a host
    without a compute service has ``""``."""
    statuses = {host: '' for host in hosts}
    if not hosts:
        return statuses
    rows = s.execute(sa.select(_services).where(
        _services.c.host.in_(sorted(hosts)),
        _services.c.binary == 'minova-compute',
        _services.c.deleted == 0))
    for service in rows:
        if service.forced_down:
            status = 'DOWN'
        elif service.disabled:
            status = 'MAINTENANCE'
        elif servicegroup.is_up(service, conf.service_down_time):
            status = 'UP'
        else:
            status = 'UNKNOWN'
        statuses[service.host] = status
    return statuses
