"""``[fake_driver]`` options of the in-memory fake virt driver."""

from oslo_config import cfg

from minova.conf import utils

fake_driver_group = cfg.OptGroup(
    'fake_driver', title='Fake virt driver options',
    help='The fake driver keeps guests in memory; these options let tests '
         'and benchmarks make it slow or make it fail.')

fake_driver_opts = [
    cfg.FloatOpt(
        'spawn_delay', default=0.0, min=0.0,
        help='Seconds spawn() sleeps before the guest is running.'),
    cfg.ListOpt(
        'fail_spawn_on_hosts', default=[],
        help='Hosts on which spawn() fails, to exercise rescheduling.'),
    cfg.IntOpt('vcpus', default=64, min=1,
               help='vCPUs the fake hypervisor reports.'),
    cfg.IntOpt('memory_mb', default=131072, min=1,
               help='RAM in MB the fake hypervisor reports.'),
    cfg.IntOpt('local_gb', default=2048, min=1,
               help='Disk in GB the fake hypervisor reports.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, fake_driver_group, fake_driver_opts)


def list_opts():
    return {fake_driver_group.name: fake_driver_opts}
