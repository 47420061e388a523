"""``[all_in_one]`` options of minova-all, the single-process cloud."""

from oslo_config import cfg

from minova.conf import utils

all_in_one_group = cfg.OptGroup(
    'all_in_one', title='minova-all options',
    help='minova-all runs the api, conductor, scheduler and compute services '
         'in one process over the in-process inproc:// bus.')

all_in_one_opts = [
    cfg.ListOpt(
        'compute_hosts', default=['compute1'],
        help='Host names of the compute services minova-all runs side by '
             'side, each with its own virt driver, so multi-host scheduling '
             'can be tried on one machine.'),
    cfg.BoolOpt(
        'bootstrap', default=True,
        help='On start, sync the database and, when there are none yet, '
             'register a few flavors and a small image, so that the first '
             'POST /servers needs no preparation.'),
    cfg.StrOpt(
        'cpu_affinity', default='auto',
        help='The CPU minova-all runs on. Its services share one Python '
             'interpreter lock, so the process uses one core at a time; '
             'pinned to one, it does not pay for its threads waking on '
             'another core with cold caches (on the boot benchmark that was '
             'a third of the CPU time of a boot). "auto" pins it to the CPU '
             'it starts on, "none" leaves it to the operating system, a '
             'number pins it to that CPU.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, all_in_one_group, all_in_one_opts)


def list_opts():
    return {all_in_one_group.name: all_in_one_opts}
