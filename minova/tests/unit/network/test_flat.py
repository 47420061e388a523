"""The flat network back end: one address each, never one twice."""

import ipaddress
import threading

from oslo_utils import uuidutils
import testtools

from minova import context
from minova.db import fixed_ips
from minova.db import session
from minova import exception
from minova.network import api as network_api
from minova.network import flat
from minova.objects import instance as instance_obj
from minova.tests import fixtures as minova_fixtures


def _instance():
    return instance_obj.Instance(uuid=uuidutils.generate_uuid())


def _ip(network_info):
    [(label, address)] = network_api.fixed_ips(network_info)
    return address


class TestFlatNetworkAPI(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'network.flat_cidr': '192.168.5.0/24',
            'network.flat_mac_prefix': 'fa:16:3f'})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.api = network_api.load(self.conf)
        self.context = context.get_admin_context()

    def test_loaded_by_the_backend_option(self):
        self.assertIsInstance(self.api, flat.FlatNetworkAPI)

    def test_allocate_gives_an_address_and_a_mac(self):
        [vif] = self.api.allocate_for_instance(self.context, _instance())
        self.assertEqual('private', vif['network']['label'])
        self.assertEqual('192.168.5.2', _ip([vif]))
        self.assertTrue(vif['address'].startswith('fa:16:3f:'))
        self.assertEqual(vif['address'], vif['mac'])
        [subnet] = vif['network']['subnets']
        self.assertEqual(('192.168.5.0/24', '192.168.5.1', 'fixed', 4),
                         (subnet['cidr'], subnet['gateway']['address'],
                          subnet['ips'][0]['type'],
                          subnet['ips'][0]['version']))

    def test_allocate_twice_answers_the_same(self):
        instance = _instance()
        first = self.api.allocate_for_instance(self.context, instance)
        self.assertEqual(first, self.api.allocate_for_instance(self.context,
                                                               instance))

    def test_a_first_allocation_is_one_statement(self):
        # The check for an earlier lease is the INSERT's own condition.
        self.api.allocate_for_instance(self.context, _instance())  # warm
        counter = self.useFixture(minova_fixtures.StatementCounter())
        instance = _instance()
        [vif] = self.api.allocate_for_instance(self.context, instance)
        self.assertEqual(1, len(counter.statements), counter.statements)
        self.assertEqual('192.168.5.3', _ip([vif]))
        with session.reader() as s:
            [lease] = fixed_ips.get_by_instance_uuid(s, instance.uuid)
        self.assertEqual(('192.168.5.3', vif['mac']),
                         (lease.address, lease.mac))
        # Asked again (a reschedule): the same lease, nothing inserted,
        # and the address it picked meanwhile is free again.
        self.assertEqual([vif], self.api.allocate_for_instance(
            self.context, instance))
        with session.reader() as s:
            self.assertEqual({'192.168.5.2', '192.168.5.3'},
                             fixed_ips.addresses_in_use(s, 'private'))
        self.assertNotIn(4, {address & 0xff for address in self.api._taken})

    def test_no_network_requested(self):
        self.assertEqual([], self.api.allocate_for_instance(
            self.context, _instance(), requested_networks='none'))

    def test_deallocate_returns_the_address(self):
        instance = _instance()
        address = _ip(self.api.allocate_for_instance(self.context, instance))
        self.api.deallocate_for_instance(self.context, instance)
        self.api.deallocate_for_instance(self.context, instance)
        with session.reader() as s:
            self.assertEqual(set(), fixed_ips.addresses_in_use(s, 'private'))
        # Walked on, then back round to it when the pool wraps.
        addresses = {_ip(self.api.allocate_for_instance(self.context,
                                                        _instance()))
                     for _ in range(253)}
        self.assertIn(address, addresses)
        self.assertEqual(253, len(addresses))

    def test_pool_exhausted_names_the_option(self):
        self.conf.set_override('flat_cidr', '10.9.9.0/30', group='network')
        api = flat.FlatNetworkAPI(self.conf)
        api.allocate_for_instance(self.context, _instance())
        e = self.assertRaises(exception.FixedIpPoolExhausted,
                              api.allocate_for_instance, self.context,
                              _instance())
        self.assertIn('flat_cidr = 10.9.9.0/30', str(e))

    def test_allocate_again_on_a_full_pool_answers_the_lease(self):
        # A reschedule asks again for an instance that holds the last
        # address: it gets it back, the full pool is no error.
        self.conf.set_override('flat_cidr', '10.9.9.0/30', group='network')
        api = flat.FlatNetworkAPI(self.conf)
        instance = _instance()
        first = api.allocate_for_instance(self.context, instance)
        self.assertEqual(first,
                         api.allocate_for_instance(self.context, instance))

    def test_two_allocators_never_hand_out_one_address_twice(self):
        # Two back ends (as in two conductors) share one pool: each
        # believes the pool is free, the unique constraint decides.
        apis = [flat.FlatNetworkAPI(self.conf) for _ in range(2)]
        results, errors = [], []

        def allocate(api):
            try:
                for _ in range(20):
                    results.append(_ip(api.allocate_for_instance(
                        self.context, _instance())))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=allocate, args=(api,))
                   for api in apis for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], errors)
        self.assertEqual(80, len(results))
        self.assertEqual(80, len(set(results)))
        for address in results:
            self.assertIn(ipaddress.ip_address(address), self.api.cidr)

    def _requested(self, *fixed_ips):
        network_id = self.api.get_all(self.context)[0]['id']
        return [dict({'uuid': network_id},
                     **({'fixed_ip': ip} if ip else {})) for ip in fixed_ips]

    def test_each_requested_network_is_a_vif(self):
        requested = self._requested('192.168.5.77', None)
        self.assertEqual(1, self.api.validate_networks(self.context,
                                                       requested, 1))
        instance = _instance()
        vifs = self.api.allocate_for_instance(self.context, instance,
                                              requested)
        addresses = [a for _label, a in network_api.fixed_ips(vifs)]
        self.assertEqual(['192.168.5.77', '192.168.5.2'], addresses)
        # A reschedule asks again: the same leases.
        self.assertEqual(vifs, self.api.allocate_for_instance(
            self.context, instance, requested))
        # The pool does not pick the address asked for.
        picked = [_ip(self.api.allocate_for_instance(self.context,
                                                     _instance()))
                  for _ in range(80)]
        self.assertNotIn('192.168.5.77', picked)

    def test_a_fixed_ip_taken_after_validation_fails_the_allocation(self):
        requested = self._requested(None, '192.168.5.9')
        self.api.validate_networks(self.context, requested, 1)
        # Another conductor (its own back end) leases it meanwhile.
        other = network_api.load(self.conf)
        winner = _instance()
        other.allocate_for_instance(self.context, winner,
                                    self._requested('192.168.5.9'))
        exc = self.assertRaises(exception.FixedIpAlreadyInUse,
                                self.api.allocate_for_instance,
                                self.context, _instance(), requested)
        self.assertIn(winner.uuid, str(exc))
        # Nothing of the failed allocation stays leased, and the pool
        # forgets the address it had picked for it (192.168.5.2).
        with session.reader_connection() as s:
            self.assertEqual({'192.168.5.9'},
                             fixed_ips.addresses_in_use(s, 'private'))
        self.assertNotIn(int(ipaddress.ip_address('192.168.5.2')),
                         self.api._taken)
        self.assertIn(int(ipaddress.ip_address('192.168.5.9')),
                      self.api._taken)

    def test_validation_refusals(self):
        network_id = self.api.get_all(self.context)[0]['id']
        for requested, error in (
                ([{'uuid': uuidutils.generate_uuid()}],
                 exception.NetworkNotFound),
                ([{'uuid': network_id, 'port': network_id}],
                 exception.PortNotFound),
                (self._requested('192.168.6.1'), exception.FixedIpInvalid),
                (self._requested('x'), exception.FixedIpInvalid),
                (self._requested('192.168.5.3', '192.168.5.3'),
                 exception.FixedIpInvalid)):
            self.assertRaises(error, self.api.validate_networks,
                              self.context, requested, 1)
        self.assertRaises(exception.InvalidFixedIpAndMaxCountRequest,
                          self.api.validate_networks, self.context,
                          self._requested('192.168.5.3'), 2)
        self.assertEqual(5, self.api.validate_networks(
            self.context, self._requested(None), 5))
        self.assertEqual(5, self.api.validate_networks(self.context, None,
                                                       5))

    def test_bad_cidr_is_a_config_error(self):
        self.conf.set_override('flat_cidr', 'not-a-network',
                               group='network')
        e = self.assertRaises(exception.ConfigError, flat.FlatNetworkAPI,
                              self.conf)
        self.assertIn('[network] flat_cidr', str(e))
