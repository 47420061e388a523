"""Building a service's configuration and logging from its command line."""

from oslo_config import cfg
from oslo_log import log as logging

import minova.conf
from minova import rpc
from minova import version

_LOGGING_DONE = []


def new_conf():
    """A fresh ConfigOpts with every option minova and its libraries read."""
    conf = cfg.ConfigOpts()
    minova.conf.register_opts(conf)
    logging.register_options(conf)
    rpc.register_opts(conf)
    return conf


def parse_args(conf, argv, default_config_files=None):
    """Parse ``argv`` (without the program name) into ``conf`` and set up
    logging once per process."""
    conf(argv, project='minova', version=version.__version__,
         default_config_files=default_config_files)
    if not _LOGGING_DONE:
        logging.setup(conf, 'minova')
        _LOGGING_DONE.append(True)
    return conf
