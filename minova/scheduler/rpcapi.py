"""Client side of the scheduler's RPC API."""

from minova import rpcapi


class SchedulerAPI(rpcapi.RPCAPI):
    """API version history:

    * 1.0 - select_destinations
    """

    TOPIC = 'scheduler'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'scheduler'

    def select_destinations(self, ctxt, spec_obj, instance_uuids,
                            return_alternates=True):
        """Call: per instance, a list of Selections (chosen + alternates)."""
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'select_destinations', spec_obj=spec_obj,
                          instance_uuids=instance_uuids,
                          return_alternates=return_alternates)
