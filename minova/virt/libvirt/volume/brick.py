"""os-brick, set up for a minova compute.

os-brick (the library with which Nova and Cinder reach storage from a host)
reads the process-wide ``oslo_config.cfg.CONF``, not a service's own config
object, for two settings that minova defaults here:

``[os_brick] lock_path``
    The directory of its file locks (two iSCSI logins must not interleave,
    also across processes); ``$state_path/locks`` of the first compute that
    needs it.
``[privsep_osbrick] helper_command``
    How it starts its privileged helper (oslo.privsep), which runs
    ``iscsiadm`` and ``mount`` and reads the host's iSCSI initiator name.
    Its own default is ``sudo privsep-helper``; a minova compute runs as
    root, on machines that may have no sudo, so as root the helper is
    started without it.

os-brick's ``root_helper`` argument no longer runs anything (every root
command goes through privsep), so minova passes None, as :data:`ROOT_HELPER`.
"""

import os
import shutil
import sys
import threading

from oslo_config import cfg

import os_brick  # noqa: F401  (registers [os_brick])
import os_brick.privileged  # noqa: F401  (registers [privsep_osbrick])

ROOT_HELPER = None

_lock = threading.Lock()


def setup(conf):
    """Default os-brick's settings from a compute's ``conf``; values
    already set in the global config win. Cheap and idempotent: called
    before each first use."""
    with _lock:
        if not cfg.CONF.os_brick.lock_path:
            cfg.CONF.set_default('lock_path',
                                 os.path.join(conf.state_path, 'locks'),
                                 group='os_brick')
        if os.geteuid() == 0 and not cfg.CONF.privsep_osbrick.helper_command:
            helper = privsep_helper()
            if helper:
                cfg.CONF.set_default('helper_command', helper,
                                     group='privsep_osbrick')


def privsep_helper():
    """oslo.privsep's ``privsep-helper`` of this Python (the venv's), or
    the one on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), 'privsep-helper')
    if os.access(beside, os.X_OK):
        return beside
    return shutil.which('privsep-helper')
