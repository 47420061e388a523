"""The flat network back end: every instance gets one fixed IP of
``[network] flat_cidr`` and a MAC starting with ``[network] flat_mac_prefix``,
on one network named ``[network] flat_network_name``.

Leases are rows of ``fixed_ips``, unique per (network, address): when two
allocators (threads or conductor processes) pick the same address, the
database lets one commit and the other tries the next address. Each
allocator remembers the addresses it knows are taken and walks the pool
from where it last stopped, so an allocation costs the same in an empty
cloud and a full one.
"""

import ipaddress
import random
import threading
import uuid

from oslo_db import exception as db_exc
from oslo_log import log as logging

from minova.db import fixed_ips as db
from minova.db import session as db_session
from minova import exception
from minova.network import api

LOG = logging.getLogger(__name__)

NO_NETWORK = 'none'


class FlatNetworkAPI(api.NetworkAPI):
    """One flat network; addresses from ``[network] flat_cidr``."""

    def __init__(self, conf):
        super().__init__(conf)
        options = conf.network
        try:
            self.cidr = ipaddress.ip_network(options.flat_cidr, strict=False)
        except ValueError as e:
            raise exception.ConfigError(group='network', option='flat_cidr',
                                        value=options.flat_cidr, reason=e)
        if self.cidr.version != 4 or self.cidr.num_addresses < 4:
            raise exception.ConfigError(
                group='network', option='flat_cidr', value=options.flat_cidr,
                reason='need an IPv4 network of at least 4 addresses')
        self.label = options.flat_network_name
        self.network_id = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                         'minova-flat:' + self.label))
        self.mac_prefix = options.flat_mac_prefix
        # .0 is the network, .1 the gateway, the last the broadcast.
        self.gateway = self.cidr.network_address + 1
        self._first = int(self.cidr.network_address) + 2
        self._last = int(self.cidr.broadcast_address) - 1
        self._lock = threading.Lock()
        self._taken = None  # ints of leased addresses, loaded on first use
        self._cursor = self._first

    # -- the pool ------------------------------------------------------------

    def _pick(self):
        """Take the next address not known to be leased (under the lock)."""
        with self._lock:
            if self._taken is None:
                with db_session.reader_connection() as s:
                    self._taken = {int(ipaddress.ip_address(a)) for a in
                                   db.addresses_in_use(s, self.label)}
            size = self._last - self._first + 1
            for _ in range(size):
                candidate = self._cursor
                self._cursor = (self._first if candidate >= self._last
                                else candidate + 1)
                if candidate not in self._taken:
                    self._taken.add(candidate)
                    return ipaddress.ip_address(candidate)
        raise exception.FixedIpPoolExhausted(cidr=str(self.cidr))

    def _forget(self, addresses):
        with self._lock:
            if self._taken is not None:
                self._taken.difference_update(
                    int(ipaddress.ip_address(a)) for a in addresses)

    def _mac(self):
        return '%s:%02x:%02x:%02x' % ((self.mac_prefix,) + tuple(
            random.getrandbits(8) for _ in range(3)))

    # -- the contract ----------------------------------------------------------

    def allocate_for_instance(self, context, instance,
                              requested_networks=None):
        if requested_networks == NO_NETWORK:
            return []
        while True:
            address = leases = None
            try:
                # The check for a lease (a reschedule asks again) and the
                # new lease in one transaction.
                with db_session.writer_connection() as s:
                    leases = db.get_by_instance_uuid(s, instance.uuid)
                    if not leases:
                        address, mac = str(self._pick()), self._mac()
                        db.create(s, {'network': self.label,
                                      'address': address, 'mac': mac,
                                      'instance_uuid': instance.uuid})
            except db_exc.DBDuplicateEntry:
                LOG.debug('%s was leased by another allocator; trying the '
                          'next address', address)
                continue
            except Exception:
                if address:
                    self._forget([address])
                raise
            if leases:
                return [self._vif(instance.uuid, lease.address, lease.mac)
                        for lease in leases]
            # DEBUG, as Nova's network calls: at INFO, a build logs its
            # request and the compute's building and active lines.
            LOG.debug('Leased %s (%s) on %s', address, mac, self.label,
                      instance=instance)
            return [self._vif(instance.uuid, address, mac)]

    def deallocate_for_instance(self, context, instance):
        with db_session.reader_connection() as s:
            addresses = [lease.address for lease in
                         db.get_by_instance_uuid(s, instance.uuid)]
        if not addresses:
            return
        with db_session.writer_connection() as s:
            db.delete_by_instance_uuid(s, instance.uuid)
        self._forget(addresses)
        LOG.debug('Released %s on %s', ', '.join(addresses), self.label,
                  instance=instance)

    def _vif(self, instance_uuid, address, mac):
        # The VIF id is derived, so allocating twice answers the same VIF.
        vif_id = str(uuid.uuid5(uuid.UUID(instance_uuid), address))
        return {
            'id': vif_id, 'address': mac, 'mac': mac,
            'devname': ('tap' + vif_id)[:14], 'type': 'bridge',
            'network': {
                'id': self.network_id,
                'label': self.label, 'bridge': 'br-' + self.label[:11],
                'subnets': [{
                    'cidr': str(self.cidr), 'version': 4,
                    'gateway': {'address': str(self.gateway)},
                    'ips': [{'address': address, 'type': 'fixed',
                             'version': 4}]}]}}
