"""The in-process face of the conductor, for the api and for computes."""

from minova.conductor import rpcapi


class API:
    """What a compute calls instead of the database."""

    def __init__(self, conf, transport):
        self.conductor_rpcapi = rpcapi.ConductorAPI(conf, transport)

    def service_get_or_create(self, context, host, binary, topic, version):
        return self.conductor_rpcapi.service_get_or_create(
            context, host, binary, topic, version)

    def service_heartbeat(self, context, service_id):
        return self.conductor_rpcapi.service_heartbeat(context, service_id)

    def compute_node_update(self, context, host, nodename, resources):
        return self.conductor_rpcapi.compute_node_update(context, host,
                                                         nodename, resources)


class ComputeTaskAPI:
    """What the compute API calls to start builds."""

    def __init__(self, conf, transport):
        self.conductor_compute_rpcapi = rpcapi.ComputeTaskAPI(conf, transport)
