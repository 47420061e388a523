"""Client side of the compute's RPC API: each message goes to one host."""

from minova import rpcapi


class ComputeAPI(rpcapi.RPCAPI):
    """API version history:

    * 1.0 - build_and_run_instance, terminate_instance
    * 1.1 - the life cycle: stop_instance, start_instance, reboot_instance,
      pause_instance, unpause_instance, suspend_instance, resume_instance,
      snapshot_instance, shelve_instance, shelve_offload_instance,
      unshelve_instance
    * 1.2 - volumes: reserve_block_device_name, attach_volume,
      detach_volume
    * 1.3 - swap_volume
    * 1.4 - get_host_uptime
    * 1.5 - rebuild_instance (rebuild and evacuate)
    * 1.6 - resize and cold migrate: prep_resize, resize_instance,
      finish_resize, confirm_resize, revert_resize, finish_revert_resize
    * 1.7 - rebuild_instance takes ``migration`` (an evacuation's)
    """

    TOPIC = 'compute'
    VERSION = '1.7'
    UPGRADE_LEVEL = 'compute'

    def build_and_run_instance(self, ctxt, instance, host, image,
                               request_spec, filter_properties=None,
                               admin_password=None, injected_files=None,
                               requested_networks=None, security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        """Cast to compute@host: build ``instance`` there.

        ``host_list`` is the alternates left (Selections) should the build
        fail there.
        """
        cctxt = self._prepare('1.0', server=host)
        cctxt.cast(ctxt, 'build_and_run_instance', instance=instance,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   security_groups=security_groups,
                   block_device_mapping=block_device_mapping, node=node,
                   limits=limits, host_list=host_list)

    def terminate_instance(self, ctxt, instance, bdms):
        """Cast to the instance's host: destroy it and free what it held."""
        cctxt = self._prepare('1.0', server=instance.host)
        cctxt.cast(ctxt, 'terminate_instance', instance=instance, bdms=bdms)

    # -- the life cycle (1.1) ----------------------------------------------

    def _cast_to_host(self, ctxt, method, instance, host=None, **kwargs):
        cctxt = self._prepare('1.1', server=host or instance.host)
        cctxt.cast(ctxt, method, instance=instance, **kwargs)

    def stop_instance(self, ctxt, instance, clean_shutdown=True):
        self._cast_to_host(ctxt, 'stop_instance', instance,
                           clean_shutdown=clean_shutdown)

    def start_instance(self, ctxt, instance):
        self._cast_to_host(ctxt, 'start_instance', instance)

    def reboot_instance(self, ctxt, instance, block_device_info,
                        reboot_type):
        self._cast_to_host(ctxt, 'reboot_instance', instance,
                           block_device_info=block_device_info,
                           reboot_type=reboot_type)

    def pause_instance(self, ctxt, instance):
        self._cast_to_host(ctxt, 'pause_instance', instance)

    def unpause_instance(self, ctxt, instance):
        self._cast_to_host(ctxt, 'unpause_instance', instance)

    def suspend_instance(self, ctxt, instance):
        self._cast_to_host(ctxt, 'suspend_instance', instance)

    def resume_instance(self, ctxt, instance):
        self._cast_to_host(ctxt, 'resume_instance', instance)

    def snapshot_instance(self, ctxt, instance, image_id):
        """Cast: write the guest's disk into (queued) image ``image_id``."""
        self._cast_to_host(ctxt, 'snapshot_instance', instance,
                           image_id=image_id)

    def shelve_instance(self, ctxt, instance, image_id=None,
                        clean_shutdown=True):
        """Cast: power off, snapshot into ``image_id``, then offload after
        ``[DEFAULT] shelved_offload_time``."""
        self._cast_to_host(ctxt, 'shelve_instance', instance,
                           image_id=image_id, clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, ctxt, instance, clean_shutdown=True):
        """Cast: destroy the guest and free its host's resources."""
        self._cast_to_host(ctxt, 'shelve_offload_instance', instance,
                           clean_shutdown=clean_shutdown)

    def unshelve_instance(self, ctxt, instance, host, request_spec,
                          image=None, node=None):
        """Cast from the conductor to the chosen ``host``: spawn the
        shelved instance there from its snapshot ``image``."""
        self._cast_to_host(ctxt, 'unshelve_instance', instance, host=host,
                           request_spec=request_spec, image=image, node=node)

    # -- volumes (1.2) -------------------------------------------------------

    def reserve_block_device_name(self, ctxt, instance, device, volume_id,
                                  disk_bus=None, device_type=None, tag=None):
        """Call: the guest's next free device (or ``device``) and the
        block device mapping of the volume to it."""
        cctxt = self._prepare('1.2', server=instance.host)
        return cctxt.call(ctxt, 'reserve_block_device_name',
                          instance=instance, device=device,
                          volume_id=volume_id, disk_bus=disk_bus,
                          device_type=device_type, tag=tag)

    def attach_volume(self, ctxt, instance, bdm):
        cctxt = self._prepare('1.2', server=instance.host)
        cctxt.cast(ctxt, 'attach_volume', instance=instance, bdm=bdm)

    def detach_volume(self, ctxt, instance, bdm):
        cctxt = self._prepare('1.2', server=instance.host)
        cctxt.cast(ctxt, 'detach_volume', instance=instance, bdm=bdm)

    def swap_volume(self, ctxt, instance, old_volume_id, new_volume_id,
                    new_attachment_id):
        cctxt = self._prepare('1.3', server=instance.host)
        cctxt.cast(ctxt, 'swap_volume', instance=instance,
                   old_volume_id=old_volume_id, new_volume_id=new_volume_id,
                   new_attachment_id=new_attachment_id)

    # -- the host (1.4) ----------------------------------------------------

    def get_host_uptime(self, ctxt, host):
        """Call compute@host: its hypervisor's uptime line.

        NotImplementedError (re-raised from the compute) for a driver that
        cannot tell.
        """
        cctxt = self._prepare('1.4', server=host)
        return cctxt.call(ctxt, 'get_host_uptime')

    # -- rebuild and evacuate (1.5) ------------------------------------------

    def rebuild_instance(self, ctxt, instance, orig_image_ref, image_ref,
                         image, new_pass, recreate=False,
                         on_shared_storage=False, preserve_ephemeral=False,
                         scheduled_node=None, request_spec=None,
                         migration=None):
        """Cast from the conductor to the instance's host (for an
        evacuation, ``recreate``, the destination it was given): a new
        guest from ``image``. A compute older than 1.7 is not given the
        evacuation's ``migration`` (it stays ``pre-migrating``)."""
        kwargs = {}
        version = '1.5'
        if migration is not None and self.can_send_version('1.7'):
            version, kwargs['migration'] = '1.7', migration
        cctxt = self._prepare(version, server=instance.host)
        cctxt.cast(ctxt, 'rebuild_instance', instance=instance,
                   orig_image_ref=orig_image_ref, image_ref=image_ref,
                   image=image, new_pass=new_pass, recreate=recreate,
                   on_shared_storage=on_shared_storage,
                   preserve_ephemeral=preserve_ephemeral,
                   scheduled_node=scheduled_node, request_spec=request_spec,
                   **kwargs)

    # -- resize and cold migrate (1.6) ---------------------------------------

    def _cast_resize(self, ctxt, method, host, **kwargs):
        cctxt = self._prepare('1.6', server=host)
        cctxt.cast(ctxt, method, **kwargs)

    def prep_resize(self, ctxt, instance, flavor, migration, host,
                    node=None):
        """Cast from the conductor to the destination: claim ``flavor``."""
        self._cast_resize(ctxt, 'prep_resize', host, instance=instance,
                          flavor=flavor, migration=migration, node=node)

    def resize_instance(self, ctxt, instance, flavor, migration):
        """Cast from the destination to the source: power off and hand
        the disks over."""
        self._cast_resize(ctxt, 'resize_instance', migration.source_compute,
                          instance=instance, flavor=flavor,
                          migration=migration)

    def finish_resize(self, ctxt, instance, flavor, migration, disk_info):
        """Cast from the source to the destination: spawn with ``flavor``."""
        self._cast_resize(ctxt, 'finish_resize', migration.dest_compute,
                          instance=instance, flavor=flavor,
                          migration=migration, disk_info=disk_info)

    def confirm_resize(self, ctxt, instance, migration, host):
        """Cast to the source: drop its copy and its claim."""
        self._cast_resize(ctxt, 'confirm_resize', host, instance=instance,
                          migration=migration)

    def revert_resize(self, ctxt, instance, migration, host):
        """Cast to the destination: drop its copy and its claim."""
        self._cast_resize(ctxt, 'revert_resize', host, instance=instance,
                          migration=migration)

    def finish_revert_resize(self, ctxt, instance, migration):
        """Cast from the destination to the source: start it again with
        the old flavor."""
        self._cast_resize(ctxt, 'finish_revert_resize',
                          migration.source_compute, instance=instance,
                          migration=migration)
