"""Instances, flavors and config objects for the virt driver tests.

A driver only reads attributes, so plain namespaces stand in for the
versioned objects the compute manager passes.
"""

import itertools
import types
import uuid

from oslo_config import cfg

from minova import conf as minova_conf

_ids = itertools.count(1)


def make_conf(host='compute1', state_path=None, **groups):
    """A fresh, parsed ConfigOpts; ``groups`` maps group -> {option: value}.

    Groups are registered by name, not with minova.conf's module-level
    OptGroup objects: oslo.config copies an OptGroup shallowly, so every
    ConfigOpts registered with the same OptGroup shares its overrides, and
    one test's ``[libvirt] connection_uri`` would leak into the next.
    """
    conf = cfg.ConfigOpts()
    for module in minova_conf.MODULES:
        for group, opts in module.list_opts().items():
            conf.register_opts(opts, group=None if group == 'DEFAULT'
                               else group)
    conf([], project='minova', default_config_files=[])
    conf.set_override('host', host)
    if state_path:
        conf.set_override('state_path', state_path)
    for group, values in groups.items():
        for name, value in values.items():
            conf.set_override(name, value, group=group)
    return conf


def make_flavor(vcpus=1, memory_mb=64, root_gb=0, ephemeral_gb=0):
    return types.SimpleNamespace(
        name='m1.test', vcpus=vcpus, memory_mb=memory_mb, root_gb=root_gb,
        ephemeral_gb=ephemeral_gb, extra_specs={})


def make_instance(flavor=None, name=None, host='compute1', **attrs):
    """An instance with a unique uuid and name: tests share libvirt's
    test:///default hypervisor, which lives as long as the process."""
    instance_uuid = attrs.pop('uuid', None) or str(uuid.uuid4())
    instance_id = next(_ids)
    attrs.setdefault('key_data', None)
    return types.SimpleNamespace(
        uuid=instance_uuid, id=instance_id,
        name=name or 'instance-%s' % instance_uuid,
        host=host, display_name='server %d' % instance_id,
        image_ref='', flavor=flavor or make_flavor(), **attrs)


def make_image_meta(**properties):
    return {'id': str(uuid.uuid4()), 'name': 'cirros',
            'disk_format': 'qcow2', 'container_format': 'bare',
            'properties': properties}
