"""``[libvirt]`` options of the libvirt virt driver."""

from oslo_config import cfg

from minova.conf import utils

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
    cfg.IntOpt(
        'device_detach_timeout', default=20, min=0,
        help='Seconds a live detach waits for the guest to release the '
             'device (the guest OS acknowledges a PCI hot-unplug). A guest '
             'that does not is left with it, the detach fails with a '
             'fault, and the volume stays in-use: stop the server and '
             'detach it again.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, libvirt_group, libvirt_opts)


def list_opts():
    return {libvirt_group.name: libvirt_opts}
