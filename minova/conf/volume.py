"""``[volume]`` options: where volumes come from."""

from oslo_config import cfg

from minova.conf import utils

volume_group = cfg.OptGroup('volume', title='Volume back end options')

volume_opts = [
    cfg.StrOpt(
        'backend', default='local',
        help='The volume back end: an entry point name in the '
             'minova.volume.api namespace (local: volumes are files on '
             'this machine, or in a directory the computes share; cinder: '
             'OpenStack Block Storage, see [cinder]).'),
    cfg.StrOpt(
        'local_volume_dir', default='$state_path/volumes',
        help='Directory where the local back end keeps volume and snapshot '
             'files. Every compute that attaches them must reach it at the '
             'same path: one machine, or a directory the computes share '
             '(NFS...).'),
    cfg.StrOpt(
        'local_volume_format', default='raw', choices=('raw', 'qcow2'),
        help='File format of a new local volume whose volume type does not '
             'name one (the local back end knows the types raw, qcow2 and '
             'multiattach). raw costs nothing to create (a sparse file); '
             'qcow2 grows as it is written and is read by the guest through '
             'qemu\'s qcow2 driver.'),
    cfg.StrOpt(
        'default_availability_zone', default='nova',
        help='The availability zone of the volumes the local back end '
             'creates when none is asked for.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, volume_group, volume_opts)


def list_opts():
    return {volume_group.name: volume_opts}
