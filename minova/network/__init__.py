"""Networks: the API the services use (:mod:`minova.network.api`) and its
back ends (``[network] backend``: ``flat`` in-tree pool, ``neutron``)."""
