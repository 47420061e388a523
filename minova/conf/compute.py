"""``[compute]`` options: what a compute host offers."""

from oslo_config import cfg

from minova.conf import utils

compute_group = cfg.OptGroup('compute', title='Compute host options')

compute_opts = [
    cfg.FloatOpt(
        'cpu_allocation_ratio', default=16.0, min=0.0,
        help='Virtual CPUs the scheduler may place per physical CPU.'),
    cfg.FloatOpt(
        'ram_allocation_ratio', default=1.5, min=0.0,
        help='Virtual RAM the scheduler may place per MB of physical RAM.'),
    cfg.FloatOpt(
        'disk_allocation_ratio', default=1.0, min=0.0,
        help='Virtual disk the scheduler may place per GB of physical disk.'),
    cfg.IntOpt(
        'reserved_host_memory_mb', default=512, min=0,
        help='RAM kept back for the host itself, never given to instances.'),
    cfg.IntOpt(
        'reserved_host_disk_mb', default=0, min=0,
        help='Disk kept back for the host itself, never given to instances.'),
    cfg.StrOpt(
        'default_availability_zone', default='nova',
        help='The availability zone of a compute host that belongs to no '
             'aggregate with an availability_zone.'),
    cfg.IntOpt(
        'simulated_hosts', default=0, min=0, max=10000,
        help='Compute hosts this minova-compute process simulates with the '
             'fake driver (0: it is the one host ``[DEFAULT] host``). Each '
             'has its own queue, service record, heartbeat and node, so one '
             'process stands for a cloud of many computes at scale tests.'),
    cfg.StrOpt(
        'simulated_host_name', default='%(host)s-%(index)04d',
        help='The name of each simulated host: ``%(host)s`` is '
             '``[DEFAULT] host``, ``%(index)d`` its number from 0.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, compute_group, compute_opts)


def list_opts():
    return {compute_group.name: compute_opts}
