"""What every ``*/rpcapi.py`` client shares: the version cap and its check.

Each client names its topic, its newest ``VERSION`` and the
``[upgrade_levels]`` option that caps it. Every method prepares its message
with the version it needs; :meth:`RPCAPI._prepare` refuses, with an error
naming the option, to send a newer message than the cap allows, so a new
service never confuses an old one during a rolling upgrade.
"""

from minova import exception
from minova import rpc


class RPCAPI:
    TOPIC = None
    VERSION = None
    UPGRADE_LEVEL = None  # the [upgrade_levels] option naming our cap
    NAMESPACE = None

    def __init__(self, conf, transport):
        self.conf = conf
        self.version_cap = getattr(conf.upgrade_levels, self.UPGRADE_LEVEL)
        self.client = rpc.get_client(transport, self.TOPIC, self.VERSION,
                                     version_cap=self.version_cap,
                                     namespace=self.NAMESPACE)
        self._prepared = {}

    def can_send_version(self, version):
        return self.client.can_send_version(version)

    def _prepare(self, version, server=None, timeout=None):
        # A prepared context is immutable: one per (version, server,
        # timeout) serves every message (preparing one costs ~15 us).
        key = (version, server, timeout)
        cctxt = self._prepared.get(key)
        if cctxt is None:
            if not self.can_send_version(version):
                raise exception.RPCPinnedToOldVersion(
                    version=version, service=self.UPGRADE_LEVEL)
            kwargs = {'version': version}
            if server is not None:
                kwargs['server'] = server
            if timeout is not None:
                kwargs['timeout'] = timeout
            cctxt = self._prepared[key] = self.client.prepare(**kwargs)
        return cctxt
