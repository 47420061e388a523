"""minova: a small, real compute control plane with the shape of OpenStack Nova.

minova runs on native threads, never eventlet: oslo.messaging imports
oslo.service, whose default backend is eventlet, so the threading backend is
chosen here, before any oslo library asks for one. futurist still probes for
eventlet when it is installed (oslo.service requires it), and eventlet
imports dnspython, whose DNSSEC module warns on import that DSA is
deprecated (cryptography 51 and later). Neither warning says anything about
minova, and each minova command would print them before its own words, so
both are silenced.
"""

import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
warnings.filterwarnings('ignore', message='DSA is deprecated',
                        module=r'dns\.')

from oslo_service import backend as _oslo_service_backend  # noqa: E402

try:
    _oslo_service_backend.init_backend(
        _oslo_service_backend.BackendType.THREADING)
except _oslo_service_backend.exceptions.BackendAlreadySelected:
    # Something imported oslo.messaging before minova (a tool such as
    # oslo-config-generator): it only needs the options, not the threads.
    pass
