"""Client side of the conductor's RPC API.

``ConductorAPI`` is the database proxy a compute uses (a compute never opens
a database connection). ``ComputeTaskAPI`` starts and steers builds.
"""

from minova import rpcapi

TOPIC = 'conductor'


class ConductorAPI(rpcapi.RPCAPI):
    """The conductor's database proxy for computes.

    API version history:

    * 1.0 - service_get_or_create, service_heartbeat,
      compute_node_update, instance_update, instance_fault_create,
      action_event_start, action_event_finish, allocate_for_instance,
      deallocate_for_instance, delete_allocation_for_instance,
      instance_destroy, instance_get_all_by_host
    * 1.1 - image_upload, image_delete (snapshots and shelve)
    * 1.2 - block_device_mapping_get_all_by_instance,
      block_device_mapping_create, block_device_mapping_update,
      block_device_mapping_destroy, volume_attachment_update,
      volume_attachment_complete, volume_attachment_delete (volumes)
    * 1.3 - volume_get, volume_create, volume_delete, volume_snapshot_get,
      volume_attachment_create (boot from volume)
    * 1.4 - instance_uuids_deleted (a restarted compute's leftover guests)
    * 1.5 - instance_group_member_hosts (a compute's late group check)
    * 1.6 - instances_evacuated_from, delete_allocation_for_evacuated_instance
      (a restarted compute's evacuated guests)
    * 1.7 - migration_update, move_allocations (resize and cold migrate)
    * 1.8 - migration_get_in_progress_by_instance (a restarted compute's
      interrupted move); instances_evacuated_from without ``uuids``: all
      of them
    * 1.9 - migration_get_in_progress_by_host, instance_get_by_uuid (a
      restarted compute's interrupted steps of moves through it);
      delete_allocation_for_instance with ``host``: only there
    * 1.10 - service_heartbeat_many (one call for a process's simulated
      computes)
    * 1.11 - instance_destroy with ``deallocate_networks``: the addresses
      go in the same call (one call less per delete)
    * 1.12 - allocate_for_instance with ``task_state`` and ``event_start``:
      a build's steps after its claim in one call (two calls less per boot)
    """

    TOPIC = TOPIC
    VERSION = '1.12'
    UPGRADE_LEVEL = 'conductor'

    def service_get_or_create(self, ctxt, host, binary, topic, version,
                              timeout=None):
        cctxt = self._prepare('1.0', timeout=timeout)
        return cctxt.call(ctxt, 'service_get_or_create', host=host,
                          binary=binary, topic=topic, version=version)

    def service_heartbeat(self, ctxt, service_id):
        # A heartbeat lost (say, while the bus restarts) must not block the
        # next ones for the whole RPC timeout: the service would look down.
        cctxt = self._prepare(
            '1.0', timeout=max(1, self.conf.service_down_time // 2))
        return cctxt.call(ctxt, 'service_heartbeat', service_id=service_id)

    def service_heartbeat_many(self, ctxt, service_ids):
        cctxt = self._prepare(
            '1.10', timeout=max(1, self.conf.service_down_time // 2))
        return cctxt.call(ctxt, 'service_heartbeat_many',
                          service_ids=service_ids)

    def compute_node_update(self, ctxt, host, nodename, resources):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'compute_node_update', host=host,
                          nodename=nodename, resources=resources)

    def instance_update(self, ctxt, instance_uuid, updates,
                        expected_task_state=None, expected_vm_state=None,
                        event_start=None, event_finish=None, fault=None):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'instance_update',
                          instance_uuid=instance_uuid, updates=updates,
                          expected_task_state=expected_task_state,
                          expected_vm_state=expected_vm_state,
                          event_start=event_start, event_finish=event_finish,
                          fault=fault)

    def instance_fault_create(self, ctxt, instance_uuid, values):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'instance_fault_create',
                          instance_uuid=instance_uuid, values=values)

    def action_event_start(self, ctxt, values):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'action_event_start', values=values)

    def action_event_finish(self, ctxt, values):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'action_event_finish', values=values)

    def allocate_for_instance(self, ctxt, instance, requested_networks=None,
                              expected_task_state=None, task_state=None,
                              event_start=None):
        kwargs = {'instance': instance,
                  'requested_networks': requested_networks,
                  'expected_task_state': expected_task_state}
        version = '1.0'
        if task_state is not None or event_start is not None:
            version = '1.12'
            kwargs.update(task_state=task_state, event_start=event_start)
        return self._prepare(version).call(ctxt, 'allocate_for_instance',
                                           **kwargs)

    def deallocate_for_instance(self, ctxt, instance):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'deallocate_for_instance', instance=instance)

    def instance_get_all_by_host(self, ctxt, host):
        cctxt = self._prepare('1.0')
        return cctxt.call(ctxt, 'instance_get_all_by_host', host=host)

    def instance_group_member_hosts(self, ctxt, group_uuid, instance_uuid):
        return self._call('instance_group_member_hosts', ctxt,
                          version='1.5', group_uuid=group_uuid,
                          instance_uuid=instance_uuid)

    def instance_uuids_deleted(self, ctxt, uuids):
        return self._call('instance_uuids_deleted', ctxt, version='1.4',
                          uuids=uuids)

    def instances_evacuated_from(self, ctxt, host, uuids=None):
        return self._call('instances_evacuated_from', ctxt,
                          version='1.6' if uuids is not None else '1.8',
                          host=host, uuids=uuids)

    def delete_allocation_for_evacuated_instance(self, ctxt, instance_uuid,
                                                 host):
        return self._call('delete_allocation_for_evacuated_instance', ctxt,
                          version='1.6', instance_uuid=instance_uuid,
                          host=host)

    def delete_allocation_for_instance(self, ctxt, instance_uuid,
                                       host=None):
        if host is None:
            return self._prepare('1.0').call(
                ctxt, 'delete_allocation_for_instance',
                instance_uuid=instance_uuid)
        return self._call('delete_allocation_for_instance', ctxt,
                          version='1.9', instance_uuid=instance_uuid,
                          host=host)

    def instance_destroy(self, ctxt, instance_uuid, event_finish=None,
                         deallocate_networks=False):
        kwargs = {'instance_uuid': instance_uuid,
                  'event_finish': event_finish}
        if deallocate_networks:
            kwargs['deallocate_networks'] = True
        return self._prepare('1.11' if deallocate_networks else '1.0').call(
            ctxt, 'instance_destroy', **kwargs)

    def image_upload(self, ctxt, image_id, path, disk_format):
        cctxt = self._prepare('1.1')
        return cctxt.call(ctxt, 'image_upload', image_id=image_id, path=path,
                          disk_format=disk_format)

    def image_delete(self, ctxt, image_id):
        cctxt = self._prepare('1.1')
        return cctxt.call(ctxt, 'image_delete', image_id=image_id)

    def block_device_mapping_get_all_by_instance(self, ctxt, instance_uuid):
        return self._call('block_device_mapping_get_all_by_instance',
                          ctxt, instance_uuid=instance_uuid)

    def block_device_mapping_create(self, ctxt, values):
        return self._call('block_device_mapping_create', ctxt,
                          values=values)

    def block_device_mapping_update(self, ctxt, bdm_uuid, values):
        return self._call('block_device_mapping_update', ctxt,
                          bdm_uuid=bdm_uuid, values=values)

    def block_device_mapping_destroy(self, ctxt, bdm_uuid):
        return self._call('block_device_mapping_destroy', ctxt,
                          bdm_uuid=bdm_uuid)

    def volume_attachment_update(self, ctxt, attachment_id, connector,
                                 mountpoint=None):
        return self._call('volume_attachment_update', ctxt,
                          attachment_id=attachment_id, connector=connector,
                          mountpoint=mountpoint)

    def volume_attachment_complete(self, ctxt, attachment_id):
        return self._call('volume_attachment_complete', ctxt,
                          attachment_id=attachment_id)

    def volume_attachment_delete(self, ctxt, attachment_id):
        return self._call('volume_attachment_delete', ctxt,
                          attachment_id=attachment_id)

    def volume_get(self, ctxt, volume_id):
        return self._call('volume_get', ctxt, version='1.3',
                          volume_id=volume_id)

    def volume_create(self, ctxt, size, name=None, snapshot_id=None,
                      image_id=None, availability_zone=None):
        return self._call('volume_create', ctxt, version='1.3', size=size,
                          name=name, snapshot_id=snapshot_id,
                          image_id=image_id,
                          availability_zone=availability_zone)

    def volume_delete(self, ctxt, volume_id):
        return self._call('volume_delete', ctxt, version='1.3',
                          volume_id=volume_id)

    def volume_snapshot_get(self, ctxt, snapshot_id):
        return self._call('volume_snapshot_get', ctxt, version='1.3',
                          snapshot_id=snapshot_id)

    def volume_attachment_create(self, ctxt, volume_id, instance_uuid):
        return self._call('volume_attachment_create', ctxt, version='1.3',
                          volume_id=volume_id, instance_uuid=instance_uuid)

    def migration_update(self, ctxt, migration_uuid, values,
                         expected_status=None):
        return self._call('migration_update', ctxt, version='1.7',
                          migration_uuid=migration_uuid, values=values,
                          expected_status=expected_status)

    def move_allocations(self, ctxt, source_consumer, target_consumer):
        return self._call('move_allocations', ctxt, version='1.7',
                          source_consumer=source_consumer,
                          target_consumer=target_consumer)

    def migration_get_in_progress_by_instance(self, ctxt, instance_uuid):
        return self._call('migration_get_in_progress_by_instance', ctxt,
                          version='1.8', instance_uuid=instance_uuid)

    def migration_get_in_progress_by_host(self, ctxt, host):
        return self._call('migration_get_in_progress_by_host', ctxt,
                          version='1.9', host=host)

    def instance_get_by_uuid(self, ctxt, instance_uuid):
        return self._call('instance_get_by_uuid', ctxt, version='1.9',
                          instance_uuid=instance_uuid)

    def _call(self, method, ctxt, version='1.2', **kwargs):
        return self._prepare(version).call(ctxt, method, **kwargs)


class ComputeTaskAPI(rpcapi.RPCAPI):
    """Builds and their orchestration (namespace ``compute_task``).

    API version history:

    * 1.0 - schedule_and_build_instances, build_instances
    * 1.1 - unshelve_instance
    * 1.2 - rebuild_instance (rebuild and evacuate)
    * 1.3 - migrate_server (resize and cold migrate)
    """

    TOPIC = TOPIC
    VERSION = '1.3'
    UPGRADE_LEVEL = 'conductor'
    NAMESPACE = 'compute_task'

    def schedule_and_build_instances(self, ctxt, instances, request_specs,
                                     image, admin_password=None,
                                     injected_files=None,
                                     requested_networks=None,
                                     block_device_mapping=None):
        """Cast: schedule ``instances`` (already stored, task_state
        scheduling) and start their builds."""
        cctxt = self._prepare('1.0')
        cctxt.cast(ctxt, 'schedule_and_build_instances', instances=instances,
                   request_specs=request_specs, image=image,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   block_device_mapping=block_device_mapping)

    def build_instances(self, ctxt, instances, image, request_spec,
                        host_lists, admin_password=None, injected_files=None,
                        requested_networks=None, block_device_mapping=None):
        """Cast: rebuild ``instances`` on their next alternate host (a
        compute's build failed)."""
        cctxt = self._prepare('1.0')
        cctxt.cast(ctxt, 'build_instances', instances=instances, image=image,
                   request_spec=request_spec, host_lists=host_lists,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   block_device_mapping=block_device_mapping)

    def unshelve_instance(self, ctxt, instance, request_spec=None):
        """Cast: schedule the shelved ``instance`` again and unshelve it
        on the chosen host (its snapshot image, if offloaded)."""
        cctxt = self._prepare('1.1')
        cctxt.cast(ctxt, 'unshelve_instance', instance=instance,
                   request_spec=request_spec)

    def rebuild_instance(self, ctxt, instance, orig_image_ref, image_ref,
                         image, new_pass, recreate=False,
                         on_shared_storage=False, preserve_ephemeral=False,
                         host=None, request_spec=None):
        """Cast: check (rebuild with a new image) or choose and claim
        (evacuate: ``recreate``) the host, then cast the rebuild to it."""
        cctxt = self._prepare('1.2')
        cctxt.cast(ctxt, 'rebuild_instance', instance=instance,
                   orig_image_ref=orig_image_ref, image_ref=image_ref,
                   image=image, new_pass=new_pass, recreate=recreate,
                   on_shared_storage=on_shared_storage,
                   preserve_ephemeral=preserve_ephemeral, host=host,
                   request_spec=request_spec)

    def migrate_server(self, ctxt, instance, flavor, migration,
                       host_name=None):
        """Cast: schedule ``instance``'s move to ``flavor`` (recorded as
        ``migration``) and start it on the chosen host."""
        cctxt = self._prepare('1.3')
        cctxt.cast(ctxt, 'migrate_server', instance=instance, flavor=flavor,
                   migration=migration, host_name=host_name)
