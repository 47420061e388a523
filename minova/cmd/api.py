"""minova-api: the compute REST API (the paste pipeline of api-paste.ini)."""

from minova.api import server
from minova.api import wsgi
from minova.cmd import common
from minova import exception


class APIService:
    """The API as a service: a threaded WSGI server on the listen port."""

    binary = 'minova-api'

    def __init__(self, conf):
        self.conf = conf
        self.app = wsgi.init_application(conf)
        self.server = None

    @property
    def port(self):
        return self.server.port

    def start(self):
        try:
            self.server = server.serve(
                self.app, self.conf.osapi_compute_listen,
                self.conf.osapi_compute_listen_port,
                workers=self.conf.api.workers).start()
        except OSError as e:
            raise exception.ConfigError(
                group='DEFAULT', option='osapi_compute_listen_port',
                value=self.conf.osapi_compute_listen_port,
                reason='cannot listen on %s: %s' % (
                    self.conf.osapi_compute_listen, e.strerror or e))

    def stop(self):
        if self.server is not None:
            self.server.stop()


def build(conf, transport):
    common.configure_database(conf)
    return [APIService(conf)]


def main(argv=None):
    common.start('minova-api', argv, build)
