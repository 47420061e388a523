"""minova-scheduler: chooses hosts and claims their resources."""

from minova.cmd import common
from minova.db import session
from minova.scheduler import manager
from minova import service


def build(conf, transport):
    session.configure(conf)
    mgr = manager.SchedulerManager(conf)
    return [service.Service(conf, 'minova-scheduler', 'scheduler', mgr,
                            transport)]


def main(argv=None):
    common.start('minova-scheduler', argv, build)
