"""Client side of the compute's RPC API: each message goes to one host."""

from minova import rpcapi


class ComputeAPI(rpcapi.RPCAPI):
    """API version history:

    * 1.0 - initial version
    """

    TOPIC = 'compute'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'compute'
