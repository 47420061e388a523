"""The network back end contract (namespace ``minova.network.api``).

A back end is a subclass of :class:`NetworkAPI` declared as an entry point
and chosen by ``[network] backend``. It runs in the conductor (and in the
api, for the deletion of a server that never reached a host): a compute has
no database and no network credentials, so it asks the conductor
(``allocate_for_instance`` / ``deallocate_for_instance``), which calls the
back end. One code path then serves every back end, whether it keeps its
leases in minova's database (``flat``) or asks a network service.

``network_info`` is a list of VIFs, each a dict::

    {'id': <vif uuid>, 'address': <MAC>, 'mac': <MAC>, 'devname': 'tap...',
     'type': 'bridge',
     'network': {'id': ..., 'label': <network name>, 'bridge': ...,
                 'subnets': [{'cidr': ..., 'version': 4,
                              'gateway': {'address': ...},
                              'ips': [{'address': ..., 'type': 'fixed',
                                       'version': 4}]}]}}
"""

from minova import plugins


class NetworkAPI:
    """Base class of network back ends."""

    def __init__(self, conf):
        self.conf = conf

    def get_all(self, context):
        """The networks a boot may name, each a dict with at least ``id``
        and ``label`` (``GET /os-networks``); none by default."""
        return []

    def validate_networks(self, context, requested_networks,
                          num_instances):
        """Check the ``networks`` of a boot before anything is written;
        return how many of ``num_instances`` they allow.

        ``requested_networks`` is None (the default network), ``'none'``,
        or a list of ``{"uuid", "fixed_ip", "port"}``. A refusal is a
        400 that names it (NetworkNotFound, PortNotFound, FixedIpInvalid,
        FixedIpAlreadyInUse). The base allows anything: a back end that
        cannot tell leaves the refusal to its allocation.
        """
        return num_instances

    def allocate_for_instance(self, context, instance,
                              requested_networks=None):
        """Give ``instance`` its addresses (one VIF per requested network,
        with the ``fixed_ip`` asked for); return its network_info.

        Idempotent: an instance that has addresses already gets them back.
        """
        raise NotImplementedError()

    def deallocate_for_instance(self, context, instance):
        """Release every address of ``instance``; idempotent."""
        raise NotImplementedError()


def load(conf):
    """The back end ``[network] backend`` names, built with ``conf``."""
    return plugins.load_class('minova.network.api',
                              conf.network.backend)(conf)


def fixed_ips(network_info):
    """``[(network label, address)]`` of a network_info, in order."""
    return [(vif['network']['label'], ip['address'])
            for vif in network_info or []
            for subnet in vif['network'].get('subnets', [])
            for ip in subnet.get('ips', [])]
