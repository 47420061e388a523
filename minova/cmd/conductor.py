"""minova-conductor: orchestrates builds and serves computes' database needs."""

from minova.cmd import common
from minova.conductor import manager
from minova import service


def build(conf, transport):
    common.configure_database(conf)
    mgr = manager.ConductorManager(conf)
    return [service.Service(conf, 'minova-conductor', 'conductor', mgr,
                            transport)]


def main(argv=None):
    common.start('minova-conductor', argv, build,
                 workers=lambda conf: conf.conductor.workers)
