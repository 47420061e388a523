"""``[DEFAULT]`` listen options and ``[api]`` options of minova-api."""

from oslo_config import cfg

from minova.conf import utils

listen_opts = [
    cfg.HostAddressOpt(
        'osapi_compute_listen', default='0.0.0.0',
        help='Address the compute API listens on.'),
    cfg.PortOpt(
        'osapi_compute_listen_port', default=8774,
        help='Port the compute API listens on.'),
    cfg.IntOpt(
        'osapi_compute_workers', default=1, min=1,
        help='Processes of minova-api serving the compute API, all '
             'accepting on the one listen port (Nova\'s option). 1 serves '
             'in the minova-api process itself, with no fork. More '
             'processes are not bound to one interpreter lock, at the cost '
             'of their memory and a database pool each; Nova\'s default is '
             'the number of CPUs, minova\'s is 1 so that adding processes '
             'is a choice. minova-all ignores it (one process by design). '
             'Each process serves with [api] threads threads.'),
]

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt(
        'auth_strategy', default='keystone', choices=['keystone', 'noauth2'],
        help='How API requests are authenticated. keystone validates tokens '
             'with keystonemiddleware ([keystone_authtoken]). noauth2 trusts '
             'any token of the form user:project (user "admin" is an '
             'administrator): for tests and laptops only, and so refused on '
             'an osapi_compute_listen address that is not loopback unless '
             'allow_noauth2_on_public_address is set.'),
    cfg.BoolOpt(
        'allow_noauth2_on_public_address', default=False,
        help='Let minova-api start with auth_strategy = noauth2 on an '
             'osapi_compute_listen address that is not loopback (127.0.0.0/8, '
             '::1, localhost). Anyone who can reach that address is then '
             'whoever they claim to be, an administrator too: only for a '
             'network nobody else can reach.'),
    cfg.StrOpt(
        'api_paste_config', default='api-paste.ini',
        help='The PasteDeploy file that builds the WSGI pipeline; a relative '
             'path is looked up beside the config files, then in minova\'s '
             'bundled etc/minova.'),
    cfg.IntOpt(
        'max_limit', default=1000, min=1,
        help='The most items a list request returns in one page.'),
    cfg.IntOpt(
        'threads', default=8, min=1,
        deprecated_opts=[cfg.DeprecatedOpt('workers', group='api')],
        help='Threads serving API requests in each minova-api process (see '
             '[DEFAULT] osapi_compute_workers for the processes). Formerly '
             '[api] workers, which meant these threads.'),
]


def register_opts(conf):
    conf.register_opts(listen_opts)
    utils.register_group_opts(conf, api_group, api_opts)


def list_opts():
    return {'DEFAULT': listen_opts, api_group.name: api_opts}
