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
    # Volumes: the host side of an attachment (minova.virt.libvirt.volume).
    cfg.BoolOpt(
        'volume_use_multipath', default=False,
        help='Attach iSCSI volumes through multipath (multipathd must run '
             'on the host); also tells the volume service, through the '
             'host\'s connector, to export every path.'),
    cfg.IntOpt(
        'num_volume_scan_tries', default=5, min=1,
        help='How many times os-brick rescans for the device of an iSCSI '
             'volume before the attach fails.'),
    cfg.StrOpt(
        'nfs_mount_point_base', default='$state_path/mnt',
        help='Directory under which NFS exports of volumes are mounted, '
             'one subdirectory per export (named by the hash of the '
             'export, as Nova and Cinder name it).'),
    cfg.StrOpt(
        'nfs_mount_options',
        help='Options for mounting an NFS export of volumes (mount -o), '
             'e.g. vers=4.1; by default os-brick tries NFS 4.2, 4.1, then '
             'what the server offers.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, libvirt_group, libvirt_opts)


def list_opts():
    return {libvirt_group.name: libvirt_opts}
