"""Building a service's configuration and logging from its command line."""

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import opts as policy_opts

import minova.conf
from minova import exception
from minova import rpc
from minova import version

_LOGGING_DONE = []


def new_conf():
    """A fresh ConfigOpts with every option minova and its libraries read."""
    conf = cfg.ConfigOpts()
    minova.conf.register_opts(conf)
    logging.register_options(conf)
    rpc.register_opts(conf)
    # [oslo_policy]: policy_file, enforce_scope, enforce_new_defaults.
    policy_opts.set_defaults(conf)
    return conf


def parse_args(conf, argv, default_config_files=None):
    """Parse ``argv`` (without the program name) into ``conf`` and set up
    logging once per process."""
    conf(argv, project='minova', version=version.__version__,
         default_config_files=default_config_files)
    check_values(conf)
    if not _LOGGING_DONE:
        logging.setup(conf, 'minova')
        _LOGGING_DONE.append(True)
    return conf


def check_values(conf):
    """Read every option once, so a bad value stops the start.

    oslo.config converts a value only when it is read; without this, a
    ``report_interval = often`` would surface as a traceback in a thread
    minutes later. Raises ``cfg.Error`` naming the option and the value.
    """
    for name in list(conf):
        value = _read(conf, 'DEFAULT', name)
        if isinstance(value, cfg.ConfigOpts.GroupAttr):
            for option in list(value):
                _read(value, name, option)
    # oslo.messaging's option has no minimum: 0 would stop the start with
    # a traceback from its executor.
    if conf.executor_thread_pool_size < 1:
        raise exception.ConfigError(
            group='DEFAULT', option='executor_thread_pool_size',
            value=conf.executor_thread_pool_size,
            reason='an RPC server needs at least one thread')


def _read(section, group, option):
    try:
        return getattr(section, option)
    except cfg.ConfigFileValueError as e:
        reason = str(e).rsplit(' is not valid: ', 1)[-1]
        raise exception.ConfigValueError(group=group, option=option,
                                         reason=reason)
