"""``[libvirt]`` options of the libvirt virt driver."""

from oslo_config import cfg

libvirt_group = cfg.OptGroup('libvirt', title='Libvirt driver options')

libvirt_opts = [
    cfg.StrOpt(
        'connection_uri', default='test:///default',
        help='The libvirt URI to connect to. test:///default is libvirt\'s '
             'in-process test hypervisor (no daemon); qemu:///system drives '
             'real qemu through libvirtd.'),
    cfg.StrOpt(
        'virt_type', default='qemu', choices=['kvm', 'qemu', 'test'],
        help='The domain type written into guest XML.'),
]


def register_opts(conf):
    conf.register_group(libvirt_group)
    conf.register_opts(libvirt_opts, group=libvirt_group)


def list_opts():
    return {libvirt_group.name: libvirt_opts}
