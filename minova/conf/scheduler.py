"""``[scheduler]`` options."""

from oslo_config import cfg

from minova.conf import utils

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')

scheduler_opts = [
    cfg.StrOpt(
        'driver', default='filter_scheduler',
        help='The scheduler driver: an entry point name in the '
             'minova.scheduler.driver namespace.'),
    cfg.IntOpt(
        'max_attempts', default=3, min=1,
        help='How many hosts one build may try: the selected host plus '
             'max_attempts - 1 alternates to reschedule to.'),
    cfg.IntOpt(
        'workers', default=1, min=1,
        help='Processes of minova-scheduler, each consuming the scheduler '
             'topic (Nova\'s meaning); they share one service record. 1 '
             'runs in the minova-scheduler process itself, with no fork. '
             'minova-all ignores it (one process by design). This option '
             'used to be documented as threads per scheduler, but nothing '
             'read it: the threads handling requests in each process are '
             'oslo.messaging\'s executor_thread_pool_size.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, scheduler_group, scheduler_opts)


def list_opts():
    return {scheduler_group.name: scheduler_opts}
