"""The base of scheduler drivers (namespace ``minova.scheduler.driver``)."""


class Scheduler:
    """Chooses hosts for a request. A driver is built with the config."""

    def __init__(self, conf):
        self.conf = conf

    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=True):
        """Return, per instance uuid, ``[selected] + alternates`` Selections
        with their resources already claimed on the selected host, or raise
        :class:`minova.exception.NoValidHost`."""
        raise NotImplementedError()

    def start(self):
        """The service starts: begin any background work."""

    def stop(self):
        """The service stops: end any background work."""
