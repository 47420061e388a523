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
]


def register_opts(conf):
    utils.register_group_opts(conf, all_in_one_group, all_in_one_opts)


def list_opts():
    return {all_in_one_group.name: all_in_one_opts}
