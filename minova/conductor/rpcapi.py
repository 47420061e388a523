"""Client side of the conductor's RPC API.

``ConductorAPI`` is the database proxy a compute uses (a compute never opens
a database connection). ``ComputeTaskAPI`` starts and steers builds.
"""

from minova import rpcapi

TOPIC = 'conductor'


class ConductorAPI(rpcapi.RPCAPI):
    """The conductor's database proxy for computes.

    API version history:

    * 1.0 - service_get_or_create, service_heartbeat,
      compute_node_update
    """

    TOPIC = TOPIC
    VERSION = '1.0'
    UPGRADE_LEVEL = 'conductor'

    def service_get_or_create(self, ctxt, host, binary, topic, version):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'service_get_or_create', host=host,
                          binary=binary, topic=topic, version=version)

    def service_heartbeat(self, ctxt, service_id):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'service_heartbeat', service_id=service_id)

    def compute_node_update(self, ctxt, host, nodename, resources):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'compute_node_update', host=host,
                          nodename=nodename, resources=resources)


class ComputeTaskAPI(rpcapi.RPCAPI):
    """Builds and their orchestration (namespace ``compute_task``).

    API version history:

    * 1.0 - initial version
    """

    TOPIC = TOPIC
    VERSION = '1.0'
    UPGRADE_LEVEL = 'conductor'
    NAMESPACE = 'compute_task'
