"""The in-process face of the conductor, for the api and for computes."""

from minova.compute import task_states
from minova.conductor import rpcapi


class API:
    """What a compute calls instead of the database."""

    def __init__(self, conf, transport):
        self.conductor_rpcapi = rpcapi.ConductorAPI(conf, transport)

    def service_get_or_create(self, context, host, binary, topic, version,
                              timeout=None):
        return self.conductor_rpcapi.service_get_or_create(
            context, host, binary, topic, version, timeout=timeout)

    def service_heartbeat(self, context, service_id):
        return self.conductor_rpcapi.service_heartbeat(context, service_id)

    def service_heartbeat_many(self, context, service_ids):
        return self.conductor_rpcapi.service_heartbeat_many(context,
                                                            service_ids)

    def compute_node_update(self, context, host, nodename, resources):
        return self.conductor_rpcapi.compute_node_update(context, host,
                                                         nodename, resources)

    def instance_update(self, context, instance_uuid, updates,
                        expected_task_state=None, expected_vm_state=None,
                        event_start=None, event_finish=None, fault=None):
        """Apply ``updates`` if the instance is in the expected states, in
        one transaction with the optional event start/finish and fault
        (each as EventReporter / fault_values make them). Raises the
        conditional update's errors (InstanceNotFound,
        UnexpectedTaskStateError...), having changed nothing."""
        return self.conductor_rpcapi.instance_update(
            context, instance_uuid, updates,
            expected_task_state=expected_task_state,
            expected_vm_state=expected_vm_state, event_start=event_start,
            event_finish=event_finish, fault=fault)

    def instance_fault_create(self, context, instance_uuid, values):
        return self.conductor_rpcapi.instance_fault_create(
            context, instance_uuid, values)

    def action_event_start(self, context, values):
        return self.conductor_rpcapi.action_event_start(context, values)

    def action_event_finish(self, context, values):
        return self.conductor_rpcapi.action_event_finish(context, values)

    def allocate_for_instance(self, context, instance,
                              requested_networks=None,
                              expected_task_state=None, task_state=None,
                              event_start=None):
        """Run the network back end for ``instance``: its network_info,
        stored on the instance with ``task_state`` (default networking) and
        the build event's ``event_start``, if it is still in
        ``expected_task_state``. One call; up to three to a conductor older
        than 1.12 (the same states, one after the other)."""
        rpc = self.conductor_rpcapi
        if rpc.can_send_version('1.12') or (
                task_state is None and event_start is None):
            return rpc.allocate_for_instance(
                context, instance, requested_networks=requested_networks,
                expected_task_state=expected_task_state,
                task_state=task_state, event_start=event_start)
        if event_start is not None:
            rpc.instance_update(
                context, instance.uuid,
                {'task_state': task_states.BLOCK_DEVICE_MAPPING},
                expected_task_state=expected_task_state,
                event_start=event_start)
            expected_task_state = task_states.BLOCK_DEVICE_MAPPING
        network_info = rpc.allocate_for_instance(
            context, instance, requested_networks=requested_networks,
            expected_task_state=expected_task_state)
        if task_state not in (None, task_states.NETWORKING):
            rpc.instance_update(context, instance.uuid,
                                {'task_state': task_state},
                                expected_task_state=task_states.NETWORKING)
        return network_info

    def deallocate_for_instance(self, context, instance):
        return self.conductor_rpcapi.deallocate_for_instance(context,
                                                             instance)

    def instance_get_all_by_host(self, context, host):
        """The live instances on ``host`` (without metadata): what a
        compute checks when it starts."""
        return self.conductor_rpcapi.instance_get_all_by_host(context, host)

    def instance_group_member_hosts(self, context, group_uuid,
                                    instance_uuid):
        """Where the group's other members run (those a compute took)."""
        return self.conductor_rpcapi.instance_group_member_hosts(
            context, group_uuid, instance_uuid)

    def instance_uuids_deleted(self, context, uuids):
        """Which of ``uuids`` name a deleted instance (a guest a
        restarted compute may destroy)."""
        return self.conductor_rpcapi.instance_uuids_deleted(context,
                                                            list(uuids))

    def instances_evacuated_from(self, context, host, uuids=None):
        """Which of ``uuids`` (all, when None: RPCPinnedToOldVersion from a
        conductor older than 1.8) were evacuated from ``host`` and not yet
        cleaned up after there."""
        return self.conductor_rpcapi.instances_evacuated_from(
            context, host, None if uuids is None else list(uuids))

    def delete_allocation_for_evacuated_instance(self, context,
                                                 instance_uuid, host):
        """Release what an evacuated instance still holds on ``host``
        (its source), and only there."""
        return self.conductor_rpcapi.delete_allocation_for_evacuated_instance(
            context, instance_uuid, host)

    def delete_allocation_for_instance(self, context, instance_uuid,
                                       host=None):
        """Release the instance's claim (what the scheduler or a
        reschedule claimed for it); with ``host``, on that host only."""
        return self.conductor_rpcapi.delete_allocation_for_instance(
            context, instance_uuid, host=host)

    def migration_update(self, context, migration_uuid, values,
                         expected_status=None):
        """Update a Migration (its status, mostly); with
        ``expected_status``, only while it is in one of them."""
        return self.conductor_rpcapi.migration_update(
            context, migration_uuid, values, expected_status=expected_status)

    def migration_get_in_progress_by_instance(self, context, instance_uuid):
        """The instance's move in flight (a Migration), or None."""
        return self.conductor_rpcapi.migration_get_in_progress_by_instance(
            context, instance_uuid)

    def migration_get_in_progress_by_host(self, context, host):
        """The newest migration of each instance moving from or to
        ``host`` (its task_state one of a move's)."""
        return self.conductor_rpcapi.migration_get_in_progress_by_host(
            context, host)

    def instance_get_by_uuid(self, context, instance_uuid):
        """The instance as the database has it now."""
        return self.conductor_rpcapi.instance_get_by_uuid(context,
                                                          instance_uuid)

    def move_allocations(self, context, source_consumer, target_consumer):
        """Hand the claims of ``source_consumer`` to ``target_consumer``
        (a revert gives the source host's claim back to the instance)."""
        return self.conductor_rpcapi.move_allocations(
            context, source_consumer, target_consumer)

    def instance_destroy(self, context, instance, event_finish=None):
        """Release the instance's addresses and claim and soft-delete it
        (with its block device mappings), recording ``event_finish`` in the
        same commit: one call, or two to a conductor older than 1.11."""
        if not self.conductor_rpcapi.can_send_version('1.11'):
            self.conductor_rpcapi.deallocate_for_instance(context, instance)
            return self.conductor_rpcapi.instance_destroy(
                context, instance.uuid, event_finish=event_finish)
        return self.conductor_rpcapi.instance_destroy(
            context, instance.uuid, event_finish=event_finish,
            deallocate_networks=True)

    def image_upload(self, context, image_id, path, disk_format):
        """Make the file at ``path`` (on a compute, in a directory the
        image back end reaches) the data of queued image ``image_id``."""
        return self.conductor_rpcapi.image_upload(context, image_id, path,
                                                  disk_format)

    def image_delete(self, context, image_id):
        """Delete image ``image_id``; gone already is fine."""
        return self.conductor_rpcapi.image_delete(context, image_id)

    def block_device_mapping_get_all_by_instance(self, context,
                                                 instance_uuid):
        return self.conductor_rpcapi.block_device_mapping_get_all_by_instance(
            context, instance_uuid)

    def block_device_mapping_create(self, context, values):
        """Store a new mapping (field values); returns it."""
        return self.conductor_rpcapi.block_device_mapping_create(context,
                                                                 values)

    def block_device_mapping_update(self, context, bdm_uuid, values):
        return self.conductor_rpcapi.block_device_mapping_update(
            context, bdm_uuid, values)

    def block_device_mapping_destroy(self, context, bdm_uuid):
        return self.conductor_rpcapi.block_device_mapping_destroy(context,
                                                                  bdm_uuid)


class VolumeAPI:
    """The volume back end as a compute reaches it: the attachment calls
    of :class:`minova.volume.api.VolumeAPI`, and those a build makes its
    volumes with, run by the conductor (which has the back end and its
    database)."""

    def __init__(self, conf, transport):
        self.conductor_rpcapi = rpcapi.ConductorAPI(conf, transport)

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        return self.conductor_rpcapi.volume_attachment_update(
            context, attachment_id, connector, mountpoint=mountpoint)

    def attachment_complete(self, context, attachment_id):
        return self.conductor_rpcapi.volume_attachment_complete(
            context, attachment_id)

    def attachment_delete(self, context, attachment_id):
        return self.conductor_rpcapi.volume_attachment_delete(
            context, attachment_id)

    def attachment_create(self, context, volume_id, instance_uuid):
        return self.conductor_rpcapi.volume_attachment_create(
            context, volume_id, instance_uuid)

    def get(self, context, volume_id):
        return self.conductor_rpcapi.volume_get(context, volume_id)

    def create(self, context, size, name=None, snapshot_id=None,
               image_id=None, availability_zone=None):
        """As the back end's ``create``, with a snapshot's id (not the
        snapshot)."""
        return self.conductor_rpcapi.volume_create(
            context, size, name=name, snapshot_id=snapshot_id,
            image_id=image_id, availability_zone=availability_zone)

    def delete(self, context, volume_id):
        return self.conductor_rpcapi.volume_delete(context, volume_id)

    def get_snapshot(self, context, snapshot_id):
        return self.conductor_rpcapi.volume_snapshot_get(context,
                                                         snapshot_id)


class ComputeTaskAPI:
    """What the compute API calls to start builds."""

    def __init__(self, conf, transport):
        self.conductor_compute_rpcapi = rpcapi.ComputeTaskAPI(conf, transport)

    def schedule_and_build_instances(self, context, instances, request_specs,
                                     image, admin_password=None,
                                     injected_files=None,
                                     requested_networks=None,
                                     block_device_mapping=None):
        self.conductor_compute_rpcapi.schedule_and_build_instances(
            context, instances, request_specs, image,
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=block_device_mapping)

    def build_instances(self, context, instances, image, request_spec,
                        host_lists, admin_password=None, injected_files=None,
                        requested_networks=None, block_device_mapping=None):
        self.conductor_compute_rpcapi.build_instances(
            context, instances, image, request_spec, host_lists,
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=block_device_mapping)

    def unshelve_instance(self, context, instance, request_spec=None):
        self.conductor_compute_rpcapi.unshelve_instance(
            context, instance, request_spec=request_spec)

    def rebuild_instance(self, context, instance, orig_image_ref, image_ref,
                         image, new_pass, recreate=False,
                         on_shared_storage=False, preserve_ephemeral=False,
                         host=None, request_spec=None):
        self.conductor_compute_rpcapi.rebuild_instance(
            context, instance, orig_image_ref, image_ref, image, new_pass,
            recreate=recreate, on_shared_storage=on_shared_storage,
            preserve_ephemeral=preserve_ephemeral, host=host,
            request_spec=request_spec)

    def migrate_server(self, context, instance, flavor, migration,
                       host_name=None):
        self.conductor_compute_rpcapi.migrate_server(
            context, instance, flavor, migration, host_name=host_name)
