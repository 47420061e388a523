"""``rbd`` volumes: a Ceph RBD image that qemu opens itself over the
network (``<disk type='network'><source protocol='rbd'>``); nothing is
connected on the host, which needs only qemu's rbd block driver and, for
cephx, a libvirt secret holding the key (``virsh secret-define``, the uuid
that the volume service answers as ``secret_uuid``).

``data`` as Cinder's RBD driver answers it: ``name`` (``pool/volume``),
``hosts`` and ``ports`` (the monitors), ``auth_enabled``,
``auth_username``, ``secret_type`` and ``secret_uuid``.
"""

from minova import exception
from minova.virt.libvirt.volume import volume


class LibvirtRBDVolumeDriver(volume.LibvirtBaseVolumeDriver):
    """A network disk; libvirt's secret carries the cephx key."""

    def get_config(self, connection_info, disk_info):
        conf = super().get_config(connection_info, disk_info)
        data = connection_info['data']
        conf.source_type = 'network'
        conf.source_protocol = 'rbd'
        conf.source_name = volume.require(connection_info, 'name')
        conf.source_hosts = list(data.get('hosts') or [])
        conf.source_ports = [str(port) if port else None
                             for port in data.get('ports') or []]
        if data.get('auth_enabled'):
            self._set_auth(conf, connection_info)
        return conf

    def _set_auth(self, conf, connection_info):
        data = connection_info['data']
        if not data.get('secret_uuid') or not data.get('auth_username'):
            # Nova falls back to its own [libvirt] rbd_secret_uuid here;
            # minova has no such option: the volume service must say it.
            raise exception.InvalidConnectionInfo(
                volume_id=volume.volume_id(connection_info),
                driver_type='rbd',
                reason='auth_enabled without auth_username and secret_uuid '
                       '(configure the volume back end with the cephx user '
                       'and the uuid of the libvirt secret holding its key)')
        conf.auth_username = data['auth_username']
        conf.auth_secret_type = data.get('secret_type') or 'ceph'
        conf.auth_secret_uuid = data['secret_uuid']
