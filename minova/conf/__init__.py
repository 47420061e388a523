"""minova's configuration options: one module per option group.

Nothing here keeps a global ``CONF``: every service receives its own
``cfg.ConfigOpts`` so that several services (say, two computes with different
``host`` values) can share a process. Call :func:`register_opts` on a fresh
``ConfigOpts`` before parsing the command line.
"""

from oslo_db import options as db_options
from oslo_middleware import opts as middleware_opts

from minova.conf import all_in_one
from minova.conf import api
from minova.conf import cinder
from minova.conf import compute
from minova.conf import conductor
from minova.conf import default
from minova.conf import fake_driver
from minova.conf import filter_scheduler
from minova.conf import image
from minova.conf import libvirt
from minova.conf import network
from minova.conf import quota
from minova.conf import scheduler
from minova.conf import upgrade_levels
from minova.conf import volume

MODULES = (default, api, compute, all_in_one, scheduler, filter_scheduler,
           libvirt, fake_driver, upgrade_levels, quota, image, network,
           volume, cinder, conductor)

DEFAULT_SQL_CONNECTION = 'sqlite:///$state_path/minova.sqlite'


def register_opts(conf):
    """Register every minova option, oslo.db's ``[database]`` group and
    the ``[oslo_middleware]`` body size limit of the API pipeline."""
    for module in MODULES:
        module.register_opts(conf)
    for group, opts in middleware_opts.list_opts_sizelimit():
        conf.register_opts(opts, group=group)
    db_options.set_defaults(conf, connection=DEFAULT_SQL_CONNECTION)
    # Fail fast when the database is unreachable: a service that cannot reach
    # it should say so within seconds, not after oslo.db's ten tries.
    conf.set_default('max_retries', 3, group='database')
    conf.set_default('retry_interval', 1, group='database')
    # Connections kept open per process: oslo.db's 5 is under what the
    # api's 8 workers and the conductor's RPC threads hold at once, and
    # each connection over it is opened for one transaction and closed
    # (a PostgreSQL backend started per transaction).
    conf.set_default('max_pool_size', 16, group='database')
