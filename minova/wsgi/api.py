"""The compute API (and the Block Storage subset) as a WSGI application
for a WSGI server of the operator's choice, instead of minova-api's
embedded one::

    MINOVA_CONFIG_FILES=/etc/minova/minova.conf \
        gunicorn --bind 0.0.0.0:8774 --threads 8 minova.wsgi.api:application

``application`` is built on first use (when the server looks it up, not
when this module is imported): the configuration files named by
``MINOVA_CONFIG_FILES`` (comma-separated; ``/etc/minova/minova.conf`` by
default) are read, logging set up and the database schema checked, as
minova-api does at start. The server cannot tell this module where it
listens, so noauth2 (which trusts any token) is refused unless ``[api]
allow_noauth2_on_public_address`` says otherwise.
"""

import os
import threading

from minova.api import wsgi
from minova.cmd import common
from minova import config
from minova import exception

CONFIG_FILES_ENV = 'MINOVA_CONFIG_FILES'
DEFAULT_CONFIG_FILES = '/etc/minova/minova.conf'

_LOCK = threading.Lock()
_APPLICATION = []


def init_application(config_files=None):
    """The paste pipeline of ``config_files`` (a list; by default those
    of ``MINOVA_CONFIG_FILES``)."""
    if config_files is None:
        config_files = [path for path in os.environ.get(
            CONFIG_FILES_ENV, DEFAULT_CONFIG_FILES).split(',') if path]
    conf = config.new_conf()
    config.parse_args(conf, [], default_config_files=config_files)
    if (conf.api.auth_strategy == 'noauth2' and
            not conf.api.allow_noauth2_on_public_address):
        raise exception.ConfigError(
            group='api', option='auth_strategy', value='noauth2',
            reason='noauth2 trusts any token and this WSGI server may '
                   'listen anywhere: use auth_strategy = keystone, or set '
                   '[api] allow_noauth2_on_public_address = true')
    common.configure_database(conf)
    return wsgi.init_application(conf)


def __getattr__(name):
    # PEP 562: ``application`` is built when a server asks for it.
    if name != 'application':
        raise AttributeError(name)
    with _LOCK:
        if not _APPLICATION:
            _APPLICATION.append(init_application())
    return _APPLICATION[0]
