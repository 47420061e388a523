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
        self._bridge = 'br-' + self.label[:11]
        # .0 is the network, .1 the gateway, the last the broadcast.
        self.gateway = self.cidr.network_address + 1
        self._first = int(self.cidr.network_address) + 2
        self._last = int(self.cidr.broadcast_address) - 1
        self._lock = threading.Lock()
        self._taken = None  # ints of leased addresses, loaded on first use
        self._cursor = self._first

    # -- the pool ------------------------------------------------------------

    def _load_taken(self):
        """The leased addresses, read once (under the lock)."""
        if self._taken is None:
            with db_session.reader_connection() as s:
                self._taken = {int(ipaddress.ip_address(a)) for a in
                               db.addresses_in_use(s, self.label)}
        return self._taken

    def _pick(self):
        """Take the next address not known to be leased (under the lock)."""
        with self._lock:
            self._load_taken()
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

    def _remember(self, addresses):
        if addresses:
            with self._lock:
                self._load_taken().update(int(ipaddress.ip_address(a))
                                          for a in addresses)

    def _mac(self):
        return '%s:%02x:%02x:%02x' % ((self.mac_prefix,) + tuple(
            random.getrandbits(8) for _ in range(3)))

    # -- the contract ----------------------------------------------------------

    def get_all(self, context):
        return [{'id': self.network_id, 'label': self.label,
                 'cidr': str(self.cidr), 'netmask': str(self.cidr.netmask),
                 'gateway': str(self.gateway),
                 'broadcast': str(self.cidr.broadcast_address),
                 'bridge': self._bridge}]

    def validate_networks(self, context, requested_networks,
                          num_instances):
        """Each entry must name the flat network (there are no ports); a
        ``fixed_ip`` must be a free address of the pool, asked once, for
        one instance."""
        if requested_networks in (None, NO_NETWORK):
            return num_instances
        asked = set()
        for request in requested_networks:
            if request.get('port'):
                raise exception.PortNotFound(port_id=request['port'])
            if request.get('uuid') != self.network_id:
                raise exception.NetworkNotFound(
                    network_id=request.get('uuid'))
            address = request.get('fixed_ip')
            if not address:
                continue
            if num_instances > 1:
                raise exception.InvalidFixedIpAndMaxCountRequest(
                    address=address)
            if address in asked:
                raise exception.FixedIpInvalid(
                    address=address, reason='asked for twice')
            asked.add(address)
            self._check_fixed_ip(address)
        return num_instances

    def _check_fixed_ip(self, address):
        try:
            value = int(ipaddress.ip_address(address))
        except ValueError:
            raise exception.FixedIpInvalid(address=address,
                                           reason='not an IP address')
        if not self._first <= value <= self._last:
            raise exception.FixedIpInvalid(
                address=address, reason='not a host address of %s (%s), '
                'its gateway excluded' % (self.label, self.cidr))
        with db_session.reader_connection() as s:
            holder = db.get_holder(s, self.label, address)
        if holder is not None:
            raise exception.FixedIpAlreadyInUse(address=address,
                                                instance_uuid=holder)

    def allocate_for_instance(self, context, instance,
                              requested_networks=None):
        if requested_networks == NO_NETWORK:
            return []
        # One VIF per requested network (its fixed_ip, if it names one);
        # one from the pool by default.
        wanted = [request.get('fixed_ip') for request in
                  requested_networks or ({},)]
        fixed = {address for address in wanted if address}
        self._remember(fixed)  # so that the pool does not pick them
        while True:
            picked, leases = [], None
            try:
                # The check for leases (a reschedule asks again) and the
                # new leases in one transaction; the first lease is the
                # check (inserted only if the instance has none).
                with db_session.writer_connection() as s:
                    for fixed_ip in wanted:
                        try:
                            address = fixed_ip or str(self._pick())
                        except exception.FixedIpPoolExhausted:
                            # A full pool still answers a reschedule.
                            if picked:
                                raise
                            leases = db.get_by_instance_uuid(s,
                                                             instance.uuid)
                            if not leases:
                                raise
                            break
                        picked.append((address, self._mac()))
                        values = {'network': self.label,
                                  'address': picked[-1][0],
                                  'mac': picked[-1][1],
                                  'instance_uuid': instance.uuid}
                        if len(picked) > 1:
                            db.create(s, values)
                        elif not db.create_first(s, values):
                            leases = db.get_by_instance_uuid(s,
                                                             instance.uuid)
                            break
            except db_exc.DBDuplicateEntry:
                self._lost_race(instance, fixed, picked)
                continue
            except Exception:
                self._forget(fixed | {a for a, _mac in picked})
                raise
            if leases is not None:
                # It had leases: the address picked was not leased.
                self._forget({a for a, _mac in picked} - fixed)
                if not leases:
                    continue  # released meanwhile: allocate anew
                return [self._vif(instance.uuid, lease.address, lease.mac)
                        for lease in leases]
            # DEBUG, as Nova's network calls: at INFO, a build logs its
            # request and the compute's building and active lines.
            LOG.debug('Leased %s on %s', ', '.join(
                '%s (%s)' % lease for lease in picked), self.label,
                instance=instance)
            return [self._vif(instance.uuid, address, mac)
                    for address, mac in picked]

    def _lost_race(self, instance, fixed, picked):
        """Another allocator committed one of ``picked`` first. Forget the
        addresses rolled back (that one stays taken) and let the caller
        try again -- unless it was a ``fixed_ip`` the boot asked for,
        which is gone: FixedIpAlreadyInUse."""
        with db_session.reader_connection() as s:
            leased = db.addresses_in_use(s, self.label)
            lost = sorted(fixed & leased)
            holder = lost and db.get_holder(s, self.label, lost[0])
        mine = {address for address, _mac in picked}
        if lost:
            self._forget((mine | fixed) - leased)
            raise exception.FixedIpAlreadyInUse(address=lost[0],
                                                instance_uuid=holder)
        LOG.debug('An address was leased by another allocator; trying the '
                  'next', instance=instance)
        self._forget(mine - leased - fixed)

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
                'label': self.label, 'bridge': self._bridge,
                'subnets': [{
                    'cidr': str(self.cidr), 'version': 4,
                    'gateway': {'address': str(self.gateway)},
                    'ips': [{'address': address, 'type': 'fixed',
                             'version': 4}]}]}}
