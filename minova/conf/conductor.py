"""``[conductor]`` options: its processes, and how it finds and ends stuck
tasks."""

from oslo_config import cfg

from minova.conf import utils

conductor_group = cfg.OptGroup('conductor', title='Conductor options')

conductor_opts = [
    cfg.IntOpt(
        'workers', default=1, min=1,
        help='Processes of minova-conductor, each consuming the conductor '
             'topic (Nova\'s option); they share one service record. 1 '
             'runs in the minova-conductor process itself, with no fork. '
             'minova-all ignores it (one process by design).'),
    cfg.IntOpt(
        'stuck_instance_check_interval', default=60, min=-1,
        help='Seconds between two looks for instances whose task stopped '
             'moving (0 or -1: never). Each is ended in a stable state '
             'with a fault: see stuck_task_timeout.'),
    cfg.IntOpt(
        'stuck_task_timeout', default=300, min=1,
        help='Seconds an instance\'s task_state may stay unchanged before '
             'it counts as stuck when nobody can still move it: no host '
             '(a build or unshelve whose scheduling was lost) or a host '
             'whose compute service is down. A lost build ends in ERROR '
             '(its claim and addresses freed), a lost delete is finished, '
             'any other action ends with no task in the vm_state it had.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, conductor_group, conductor_opts)


def list_opts():
    return {conductor_group.name: conductor_opts}
