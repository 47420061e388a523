"""Resize and cold migrate on libvirt: Nova's four driver methods.

The disks are handed over through the instances directories
(``<state_path>/instances``), as Nova's ``<uuid>_resize`` layout:

* ``migrate_disk_and_power_off`` (source) powers the guest off, keeps its
  domain XML in ``<uuid>/libvirt.xml``, undefines the domain (the
  destination defines one with the same uuid: on one machine, and with
  ``test:///default``, they would collide) and renames ``<uuid>`` to
  ``<uuid>_resize``. Its ``disk_info`` names that directory.
* ``finish_migration`` (destination) copies the root disk from there into
  its own ``<uuid>`` (two computes on one machine, each with its own
  ``state_path``, or the same one in ``minova-all``: a local copy;
  computes on two machines need that path shared, as Nova's shared
  instances path), grows it to the new flavor's root_gb, and defines and
  starts the domain with the new flavor.
* ``confirm_migration`` (source) deletes ``<uuid>_resize``.
* ``finish_revert_migration`` (source) renames it back, defines the domain
  again from its kept XML, and starts it.
"""

import json
import os
import shutil

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

_XML = 'libvirt.xml'


class MigrationMixin:
    """Part of :class:`~minova.virt.libvirt.driver.LibvirtDriver`."""

    def _resize_dir(self, instance):
        return self._instance_dir(instance) + '_resize'

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        guest = self._host.get_guest(instance)
        self.power_off(instance, timeout, retry_interval)
        xml = guest.get_xml_desc()
        inst_dir, resize_dir = (self._instance_dir(instance),
                                self._resize_dir(instance))
        os.makedirs(inst_dir, exist_ok=True)
        with open(os.path.join(inst_dir, _XML), 'w') as f:
            f.write(xml)
        shutil.rmtree(resize_dir, ignore_errors=True)
        os.rename(inst_dir, resize_dir)
        guest.delete_configuration()
        self._disconnect_volumes(context, instance, block_device_info)
        return json.dumps({'resize_dir': resize_dir, 'to': dest})

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations, block_device_info=None, power_on=True):
        source_disk = os.path.join(json.loads(disk_info)['resize_dir'],
                                   'disk')
        disk_path = None
        if os.path.exists(source_disk):
            os.makedirs(self._instance_dir(instance), exist_ok=True)
            disk_path = os.path.join(self._instance_dir(instance), 'disk')
            shutil.copyfile(source_disk, disk_path)
            if resize_instance and instance.flavor.root_gb:
                _qemu_img('resize', disk_path,
                          '%dG' % instance.flavor.root_gb)
        self._connect_volumes(context, instance, block_device_info)
        guest_conf = self._get_guest_config(
            instance, image_meta or {}, network_info, disk_path,
            block_device_info)
        guest = self._host.write_instance_config(guest_conf.to_xml())
        if power_on:
            self._launch(instance, guest)

    def confirm_migration(self, context, migration, instance, network_info):
        shutil.rmtree(self._resize_dir(instance), ignore_errors=True)

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        inst_dir, resize_dir = (self._instance_dir(instance),
                                self._resize_dir(instance))
        if os.path.exists(resize_dir):
            shutil.rmtree(inst_dir, ignore_errors=True)
            os.rename(resize_dir, inst_dir)
        guest = self._host.find_guest(instance)
        xml_path = os.path.join(inst_dir, _XML)
        if guest is None and os.path.exists(xml_path):
            self._connect_volumes(context, instance, block_device_info)
            with open(xml_path) as f:
                guest = self._host.write_instance_config(f.read())
        if guest is None:
            LOG.warning('No domain to bring back for %s', instance.uuid)
            return
        if power_on and not guest.is_active():
            self._launch(instance, guest)


def _qemu_img(*args):
    # Imported here: the driver module imports this one.
    from minova.virt.libvirt import driver as libvirt_driver
    libvirt_driver._run('qemu-img', *args)
