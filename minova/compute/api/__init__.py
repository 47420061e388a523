"""What the HTTP API calls: validate, check the state, store, hand over.

:class:`API` is one class, as Nova's ``compute.api.API``, written in one
module per operation family so that each reads in one sitting:

========================  ===============================================
``create``                ``create``: the front of the boot path
``boot_volumes``          its volume block devices (boot from volume)
``instances``             ``get``, ``get_all``, ``update``, metadata,
                          ``delete``
``power``                 ``stop``, ``start``, ``reboot``, ``pause``,
                          ``unpause``, ``suspend``, ``resume``, ``lock``,
                          ``unlock``
``snapshot``              ``snapshot`` (``createImage``)
``shelve``                ``shelve``, ``shelve_offload``, ``unshelve``
``volumes``               ``attach_volume``, ``detach_volume``
``rebuild``               ``rebuild``, ``evacuate``
``resize``                ``resize`` (and cold migrate), ``confirm_resize``,
                          ``revert_resize``
``keypairs``              :class:`KeypairAPI` (``/os-keypairs``), a class
                          of its own as in Nova
========================  ===============================================

Every action goes the same way (:mod:`minova.compute.api.states`): the
server's vm_state and task_state must be among those the action's line of
:data:`~minova.compute.api.states.ACTIONS` allows, else 409 and nothing
changes; its task_state is set with a conditional update, in one commit
with the instance action; then the cast. Every error a user can cause is a
named exception with an HTTP code (:mod:`minova.exception`) whose message
names the field or state at fault.
"""

from minova.compute.api import boot_volumes
from minova.compute.api import create
from minova.compute.api import instances
from minova.compute.api import keypairs
from minova.compute.api import power
from minova.compute.api import rebuild
from minova.compute.api import resize
from minova.compute.api import shelve
from minova.compute.api import snapshot
from minova.compute.api import volumes
from minova.compute import rpcapi as compute_rpcapi
from minova.compute import utils as compute_utils
from minova.conductor import api as conductor_api
from minova.image import api as image_api
from minova.network import api as network_api

# What callers and tests name on this module.
InstanceActionAPI = instances.InstanceActionAPI
KeypairAPI = keypairs.KeypairAPI
sanitize_hostname = create.sanitize_hostname


class API(create.CreateMixin, boot_volumes.BootVolumesMixin,
          instances.InstancesMixin, power.PowerMixin,
          snapshot.SnapshotMixin, shelve.ShelveMixin,
          volumes.VolumesMixin, rebuild.RebuildMixin, resize.ResizeMixin):
    """The compute API: servers, their metadata and their actions."""

    def __init__(self, conf, transport):
        self.conf = conf
        self.compute_task_api = conductor_api.ComputeTaskAPI(conf, transport)
        self.compute_rpcapi = compute_rpcapi.ComputeAPI(conf, transport)
        self.image_api = image_api.load(conf)
        self.network_api = network_api.load(conf)
        self.notifier = compute_utils.get_notifier(conf, 'api', conf.host)

    def get_host_uptime(self, context, host):
        """The uptime line of ``host``'s hypervisor (Nova's HostAPI)."""
        return self.compute_rpcapi.get_host_uptime(context, host)
