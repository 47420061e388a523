"""Images: the API the services use (:mod:`minova.image.api`) and its back
ends (``[image] backend``: ``local`` files + database, ``glance``)."""
