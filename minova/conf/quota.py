"""``[quota]`` options: the default per-project limits, which
``/os-quota-sets`` may override per project and per user."""

from oslo_config import cfg

from minova.conf import utils

quota_group = cfg.OptGroup('quota', title='Quota options')

quota_opts = [
    cfg.IntOpt('instances', default=10, min=-1,
               help='Instances a project may have (-1: unlimited).'),
    cfg.IntOpt('cores', default=20, min=-1,
               help='vCPUs a project may use (-1: unlimited).'),
    cfg.IntOpt('ram', default=51200, min=-1,
               help='RAM in MB a project may use (-1: unlimited).'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items one server may carry (-1: unlimited).'),
    cfg.IntOpt('injected_files', default=5, min=-1,
               help='Files a server may be given at boot (personality, '
                    'API versions before 2.57; -1: unlimited).'),
    cfg.IntOpt('injected_file_content_bytes', default=10 * 1024, min=-1,
               help='Bytes in one injected file (-1: unlimited).'),
    cfg.IntOpt('injected_file_path_length', default=255, min=-1,
               help='Characters in the path of an injected file (the '
                    'injected_file_path_bytes quota; -1: unlimited).'),
    cfg.IntOpt('key_pairs', default=100, min=-1,
               help='Key pairs a user may have (-1: unlimited).'),
    cfg.IntOpt('server_groups', default=10, min=-1,
               help='Server groups a project may have (-1: unlimited).'),
    cfg.IntOpt('server_group_members', default=10, min=-1,
               help='Servers a user may have in one server group '
                    '(-1: unlimited).'),
]


def register_opts(conf):
    utils.register_group_opts(conf, quota_group, quota_opts)


def list_opts():
    return {quota_group.name: quota_opts}
