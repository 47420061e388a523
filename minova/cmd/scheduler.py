"""minova-scheduler: chooses hosts and claims their resources."""

from minova.cmd import common
from minova.scheduler import manager
from minova import service


def build(conf, transport):
    common.configure_database(conf)
    mgr = manager.SchedulerManager(conf)
    return [service.Service(conf, 'minova-scheduler', 'scheduler', mgr,
                            transport)]


def main(argv=None):
    common.start('minova-scheduler', argv, build,
                 workers=lambda conf: conf.scheduler.workers)
