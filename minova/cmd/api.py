"""minova-api: the compute REST API (the paste pipeline of api-paste.ini)."""

from minova.api import server
from minova.api import wsgi
from minova.cmd import common
from minova import exception


class APIService:
    """The API as a service: a threaded WSGI server on the listen port."""

    binary = 'minova-api'

    def __init__(self, conf):
        """Build the app and bind the port (a port already taken fails
        here, naming the option); requests are served from start()."""
        self.conf = conf
        self.app = wsgi.init_application(conf)
        try:
            self.server = server.serve(self.app, conf.osapi_compute_listen,
                                       conf.osapi_compute_listen_port,
                                       workers=conf.api.workers)
        except OSError as e:
            raise exception.ConfigError(
                group='DEFAULT', option='osapi_compute_listen_port',
                value=conf.osapi_compute_listen_port,
                reason='cannot listen on %s: %s' % (
                    conf.osapi_compute_listen, e.strerror or e))

    @property
    def port(self):
        return self.server.port

    def start(self):
        self.server.start()

    def stop(self):
        self.server.stop()


def build(conf, transport):
    common.configure_database(conf)
    return [APIService(conf)]


def main(argv=None):
    common.start('minova-api', argv, build)
