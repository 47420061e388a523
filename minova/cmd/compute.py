"""minova-compute: runs the instances of one host (or, with ``[compute]
simulated_hosts``, of many simulated ones: :mod:`minova.compute.simulated`).
It never opens a database connection: everything it stores goes through the
conductor."""

from minova.cmd import common
from minova.compute import manager
from minova.compute import simulated
from minova.conductor import api as conductor_api
from minova import service
from minova import servicegroup


def build_compute(conf, transport, host=None):
    mgr = manager.ComputeManager(conf, transport, host=host)
    records = servicegroup.ConductorServiceRecords(
        conductor_api.API(conf, transport))
    return service.Service(conf, 'minova-compute', 'compute', mgr, transport,
                           service_records=records)


def build(conf, transport):
    if conf.compute.simulated_hosts:
        return [simulated.build(conf, transport)]
    return [build_compute(conf, transport)]


def main(argv=None):
    common.start('minova-compute', argv, build)
