"""Registering a group of options on one ConfigOpts."""

from oslo_config import cfg


def register_group_opts(conf, group, opts):
    """Register ``opts`` under a copy of ``group`` made for ``conf`` alone.

    oslo.config keeps override values inside the registered OptGroup, so a
    module-level group registered on two ConfigOpts would share them: two
    computes in one process could not differ. Each conf gets its own group.
    """
    conf.register_group(cfg.OptGroup(group.name, title=group.title,
                                     help=group.help))
    conf.register_opts(opts, group=group.name)
