"""minova-conductor: orchestrates builds and serves computes' database needs."""

from minova.cmd import common
from minova.conductor import manager
from minova.db import session
from minova import service


def build(conf, transport):
    session.configure(conf)
    mgr = manager.ConductorManager(conf)
    return [service.Service(conf, 'minova-conductor', 'conductor', mgr,
                            transport)]


def main(argv=None):
    common.start('minova-conductor', argv, build)
