"""``[cinder]`` options: reaching OpenStack Block Storage (the cinder
volume back end), and ``cross_az_attach``, which every back end obeys.

Nova's names, so that an operator's ``[cinder]`` section carries over
(``cafile``, ``insecure`` and ``timeout`` are those of keystoneauth1's
session, which Nova registers here). minova calls Cinder with the token of
the request it serves; it has no service user of its own.
"""

from oslo_config import cfg

from minova.conf import utils

cinder_group = cfg.OptGroup('cinder', title='Cinder volume back end options')

cinder_opts = [
    cfg.StrOpt(
        'catalog_info', default='volumev3::publicURL',
        regex=r'^[^:]+:[^:]*:[^:]+$',
        help='How to find Cinder in the service catalog of the request\'s '
             'token: <service_type>:<service_name>:<interface> (the name may '
             'be empty).'),
    cfg.StrOpt(
        'endpoint_template',
        help='Cinder\'s endpoint, overriding the catalog: a URL of Cinder\'s '
             'v3 API in which %(project_id)s is the caller\'s project, e.g. '
             'http://cinder:8776/v3/%(project_id)s.'),
    cfg.StrOpt(
        'os_region_name',
        help='Region of the Cinder endpoint to pick from the catalog.'),
    cfg.IntOpt(
        'http_retries', default=3, min=0,
        help='How many times a request to Cinder is retried when the '
             'connection fails.'),
    cfg.StrOpt(
        'cafile',
        help='PEM file of the certificate authorities that sign Cinder\'s '
             'HTTPS certificate (default: the system\'s).'),
    cfg.BoolOpt(
        'insecure', default=False,
        help='Do not verify Cinder\'s HTTPS certificate (tests only).'),
    cfg.IntOpt(
        'timeout', min=1,
        help='Seconds to wait for an answer from Cinder (default: no '
             'limit).'),
    cfg.BoolOpt(
        'cross_az_attach', default=True,
        help='Whether a volume may be attached to a server in another '
             'availability zone. When false, an attach across zones is '
             'refused (400), with either volume back end.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, cinder_group, cinder_opts)


def list_opts():
    return {cinder_group.name: cinder_opts}
