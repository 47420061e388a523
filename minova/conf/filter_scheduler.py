"""``[filter_scheduler]`` options: which filters and weighers run."""

from oslo_config import cfg

from minova.conf import utils

filter_scheduler_group = cfg.OptGroup(
    'filter_scheduler', title='Filter scheduler options')

filter_scheduler_opts = [
    cfg.ListOpt(
        'enabled_filters',
        default=['ComputeFilter', 'AvailabilityZoneFilter', 'RamFilter',
                 'CoreFilter', 'DiskFilter', 'RetryFilter',
                 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
                 'ServerGroupAntiAffinityFilter',
                 'ServerGroupAffinityFilter'],
        help='Filters run, in order, on every candidate host: entry point '
             'names in the minova.scheduler.filters namespace.'),
    cfg.ListOpt(
        'weight_classes',
        default=['RAMWeigher', 'CPUWeigher', 'DiskWeigher',
                 'NumInstancesWeigher', 'BuildFailureWeigher',
                 'ServerGroupSoftAffinityWeigher',
                 'ServerGroupSoftAntiAffinityWeigher'],
        help='Weighers that rank the hosts the filters let through: entry '
             'point names in the minova.scheduler.weighers namespace.'),
    cfg.IntOpt(
        'host_state_reload_interval', default=10, min=0,
        help='Seconds between two full reads of the host states, which a '
             'thread of the scheduler does in the background. Each request '
             'reads only the compute nodes and services changed since the '
             'last read; the full read is also how the scheduler sees '
             'heartbeats, so this must stay well under [DEFAULT] '
             'service_down_time. 0 reads everything on every request.'),
    cfg.IntOpt(
        'host_subset_size', default=1, min=1,
        help='The scheduler picks at random among this many best-weighed '
             'hosts, so that concurrent requests spread out.'),
    cfg.FloatOpt(
        'ram_weight_multiplier', default=1.0,
        help='Multiplier of the RAMWeigher: positive spreads instances by '
             'free RAM, negative stacks them.'),
    cfg.FloatOpt(
        'cpu_weight_multiplier', default=1.0,
        help='Multiplier of the CPUWeigher: positive spreads instances by '
             'free vCPUs, negative stacks them.'),
    cfg.FloatOpt(
        'disk_weight_multiplier', default=1.0,
        help='Multiplier of the DiskWeigher: positive spreads instances by '
             'free disk, negative stacks them.'),
    cfg.FloatOpt(
        'build_failure_weight_multiplier', default=1000000.0,
        help='Multiplier of the BuildFailureWeigher, which counts against a '
             'host the builds that failed in a row on it: the default '
             'outweighs every other weigher, so a host that fails every '
             'build stops attracting them; 0 ignores build failures.'),
    cfg.FloatOpt(
        'num_instances_weight_multiplier', default=0.0,
        help='Multiplier of the NumInstancesWeigher: positive packs '
             'instances onto the hosts that have the most, negative spreads '
             'them over those that have the fewest, 0 ignores it.'),
    cfg.FloatOpt(
        'soft_affinity_weight_multiplier', default=1.0, min=0.0,
        help='Multiplier of the ServerGroupSoftAffinityWeigher: how much a '
             'host running more members of a soft-affinity server group is '
             'preferred.'),
    cfg.FloatOpt(
        'soft_anti_affinity_weight_multiplier', default=1.0, min=0.0,
        help='Multiplier of the ServerGroupSoftAntiAffinityWeigher: how '
             'much a host running fewer members of a soft-anti-affinity '
             'server group is preferred.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, filter_scheduler_group, filter_scheduler_opts)


def list_opts():
    return {filter_scheduler_group.name: filter_scheduler_opts}
