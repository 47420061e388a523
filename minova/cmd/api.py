"""minova-api: the compute REST API (the paste pipeline of api-paste.ini),
in ``[DEFAULT] osapi_compute_workers`` processes."""

import contextlib
import functools
import ipaddress
import socket

from minova.api import server
from minova.api import wsgi
from minova.cmd import common
from minova import exception


class APIService:
    """The API as a service: a threaded WSGI server on the listen port."""

    binary = 'minova-api'

    def __init__(self, conf, sock=None):
        """Build the app and bind the port (a port already taken fails
        here, naming the option), or take ``sock``, bound by the parent
        of worker processes; requests are served from start()."""
        self.conf = conf
        check_noauth2_listen(conf)
        self.app = wsgi.init_application(conf)
        with _listen_error(conf):
            self.server = server.serve(self.app, conf.osapi_compute_listen,
                                       conf.osapi_compute_listen_port,
                                       threads=conf.api.threads, sock=sock)

    @property
    def port(self):
        return self.server.port

    def start(self):
        self.server.start()

    def stop(self):
        self.server.stop()


@contextlib.contextmanager
def _listen_error(conf):
    """An OSError binding the port as a ConfigError naming the option."""
    try:
        yield
    except OSError as e:
        raise exception.ConfigError(
            group='DEFAULT', option='osapi_compute_listen_port',
            value=conf.osapi_compute_listen_port,
            reason='cannot listen on %s: %s' % (
                conf.osapi_compute_listen, e.strerror or e))


def is_loopback(host):
    """Whether every address ``host`` (an address or a name) stands for is
    a loopback one; a name that does not resolve is not."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(info[4][0].split('%')[0]).is_loopback
        for info in infos)


def check_noauth2_listen(conf):
    """Refuse noauth2 where others can reach it: it trusts any token, so
    anyone could be admin. Loopback only, unless the operator says so."""
    if conf.api.auth_strategy != 'noauth2' or \
            conf.api.allow_noauth2_on_public_address or \
            is_loopback(conf.osapi_compute_listen):
        return
    raise exception.ConfigError(
        group='api', option='auth_strategy', value='noauth2',
        reason='noauth2 trusts any token, and [DEFAULT] osapi_compute_listen '
               '= %s is not a loopback address: use auth_strategy = '
               'keystone, listen on 127.0.0.1, or set [api] '
               'allow_noauth2_on_public_address = true' %
               conf.osapi_compute_listen)


def build(conf, transport, sock=None):
    common.configure_database(conf)
    return [APIService(conf, sock)]


def prefork(conf):
    """In the parent of the worker processes: check the listen address and
    bind the port once, so a taken port fails here and every worker
    accepts on the one socket; the build the workers run."""
    check_noauth2_listen(conf)
    with _listen_error(conf):
        sock = server.listen(conf.osapi_compute_listen,
                             conf.osapi_compute_listen_port)
    return functools.partial(build, sock=sock)


def main(argv=None):
    common.start('minova-api', argv, build,
                 workers=lambda conf: conf.osapi_compute_workers,
                 prefork=prefork)
