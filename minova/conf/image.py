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
]


def register_opts(conf):
    utils.register_group_opts(conf, image_group, image_opts)


def list_opts():
    return {image_group.name: image_opts}
