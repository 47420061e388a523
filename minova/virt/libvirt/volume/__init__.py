"""The host side of a volume attachment: one libvirt volume driver per
``driver_volume_type`` (stevedore namespace
``minova.virt.libvirt.volume_drivers``), each a
:class:`~minova.virt.libvirt.volume.volume.LibvirtBaseVolumeDriver`."""
