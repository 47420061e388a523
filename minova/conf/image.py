"""``[image]`` options: where images come from."""

from oslo_config import cfg

from minova.conf import utils

image_group = cfg.OptGroup('image', title='Image back end options')

image_opts = [
    cfg.StrOpt(
        'backend', default='local',
        help='The image back end: an entry point name in the '
             'minova.image.api namespace.'),
    cfg.StrOpt(
        'local_image_dir', default='$state_path/images',
        help='Directory where the local back end keeps image files.'),
    cfg.StrOpt(
        'user_storage_quota', default='0',
        regex=r'^\d+(B|KB|MB|GB|TB)?$',
        help='The most image data a project may store (the sum of the '
             'sizes of the images it owns), as Glance\'s option of the '
             'same name: bytes, or a number with B, KB, MB, GB or TB '
             '(powers of 1024). An upload past it is refused with 413. '
             '0 means no limit.'),
]


_UNITS = {'': 1, 'B': 1, 'KB': 1024, 'MB': 1024 ** 2, 'GB': 1024 ** 3,
          'TB': 1024 ** 4}


def storage_quota(conf):
    """``[image] user_storage_quota`` in bytes (0: no limit)."""
    value = conf.image.user_storage_quota
    digits = value.rstrip('BKMGT')
    return int(digits) * _UNITS[value[len(digits):]]


def register_opts(conf):
    utils.register_group_opts(conf, image_group, image_opts)


def list_opts():
    return {image_group.name: image_opts}
