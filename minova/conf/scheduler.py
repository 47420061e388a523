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
        help='Threads handling select_destinations in one scheduler.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, scheduler_group, scheduler_opts)


def list_opts():
    return {scheduler_group.name: scheduler_opts}
