"""Read, rename, re-tag and delete servers."""


from oslo_log import log as logging
from oslo_utils import uuidutils

from minova.compute import quota
from minova.compute import task_states
from minova.compute import utils as compute_utils
from minova.compute import vm_states
from minova.db import allocations
from minova.db import instances as db_instances
from minova.db import request_specs as db_request_specs
from minova import exception
from minova import flavors
from minova import servicegroup
from minova.objects import block_device as block_device_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

# Where metadata may change (Nova's rule): a resting server.
METADATA_VM_STATES = (vm_states.ACTIVE, vm_states.PAUSED,
                      vm_states.SUSPENDED, vm_states.STOPPED,
                      vm_states.SHELVED, vm_states.SHELVED_OFFLOADED)


class InstancesMixin:
    """Reads, updates, metadata and delete (part of :class:`API`)."""

    # -- read ----------------------------------------------------------------

    def get(self, context, instance_uuid, expected_attrs=('metadata',
                                                          'fault')):
        """The instance; InstanceNotFound (404) when it does not exist or
        belongs to another project (for a non-admin)."""
        if not uuidutils.is_uuid_like(instance_uuid):
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        instance = instance_obj.Instance.get_by_uuid(
            context, instance_uuid, expected_attrs=expected_attrs)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return instance

    def get_all(self, context, search_opts=None, limit=None, marker=None,
                sort_keys=None, sort_dirs=None,
                expected_attrs=('metadata', 'fault')):
        """A page of instances as an InstanceList, in a fixed number of
        queries whatever its size.

        ``search_opts``: ``name`` (substring), ``vm_state``,
        ``task_state`` (a value or a list), ``image`` (id), ``flavor``
        (API id), ``host``, ``node``, ``uuid``, ``reservation_id``,
        ``availability_zone``, ``changes-since``/``changes-before``
        (datetimes; deleted instances included), ``deleted``, and for an
        admin ``all_tenants`` and ``project_id``. A non-admin always sees
        only their project.
        """
        filters = dict(search_opts or {})
        all_tenants = filters.pop('all_tenants', False)
        if not context.is_admin:
            filters['project_id'] = context.project_id
        elif not all_tenants and 'project_id' not in filters:
            filters['project_id'] = context.project_id
        if 'image' in filters:
            filters['image_ref'] = str(filters.pop('image')).rpartition(
                '/')[2]
        if 'flavor' in filters:
            flavor_id = filters.pop('flavor')
            try:
                filters['instance_type_id'] = flavors.get_flavor_by_flavor_id(
                    flavor_id).id
            except exception.FlavorNotFound:
                return instance_obj.InstanceList(context, objects=[])
        return instance_obj.InstanceList.get_by_filters(
            context, filters, limit=limit, marker=marker,
            sort_keys=sort_keys, sort_dirs=sort_dirs,
            expected_attrs=expected_attrs)

    # -- update --------------------------------------------------------------

    def update(self, context, instance, display_name=None,
               access_ip_v4=None, access_ip_v6=None, **description):
        """Rename (or re-describe) a server, in any state; returns it.
        ``display_description`` changes the description when given (None
        removes it)."""
        if display_name is not None:
            self._check_name(display_name)
            instance.display_name = display_name
        if 'display_description' in description:
            instance.display_description = description['display_description']
        for field, value in (('access_ip_v4', access_ip_v4),
                             ('access_ip_v6', access_ip_v6)):
            if value is not None:
                setattr(instance, field, value)
        instance.save()
        return instance

    # -- metadata ------------------------------------------------------------

    def get_instance_metadata(self, context, instance):
        return dict(instance.metadata)

    def _check_metadata_state(self, instance, action):
        if instance.vm_state not in METADATA_VM_STATES:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid, attr='vm_state',
                state=instance.vm_state)
        if instance.task_state is not None:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)

    def update_instance_metadata(self, context, instance, metadata,
                                 delete=False):
        """Set these keys (``delete``: and remove all others); returns the
        whole metadata. Limited to the caller's ``metadata_items`` quota
        (Nova checks the caller's project, not the server's)."""
        self._check_metadata_state(instance, 'update_metadata')
        merged = dict(metadata) if delete else dict(instance.metadata,
                                                    **metadata)
        limits = quota.limits_for(self.conf, context)
        quota.check_metadata(self.conf, metadata, limits)
        quota.check_metadata(self.conf, merged, limits)
        with instance_obj.writer() as s:
            result = db_instances.metadata_update(s, instance.uuid, metadata,
                                                  delete=delete)
        instance.metadata = result
        instance.obj_reset_changes(['metadata'])
        return dict(result)

    def delete_instance_metadata(self, context, instance, key):
        self._check_metadata_state(instance, 'delete_metadata')
        with instance_obj.writer() as s:
            if not db_instances.metadata_delete(s, instance.uuid, key):
                raise exception.MetadataKeyNotFound(
                    key=key, instance_uuid=instance.uuid)
        instance.metadata.pop(key, None)
        instance.obj_reset_changes(['metadata'])

    # -- delete --------------------------------------------------------------

    def delete(self, context, instance):
        """Delete a server: task_state deleting and a ``delete`` action,
        then ``terminate_instance`` cast to its host. A server that never
        reached a host (or lost it in ERROR), or whose host's compute is
        down, is deleted here at once, as Nova does.

        Deleting a server that is being deleted answers 202 again: the
        cast is sent again (it may have been lost), or the delete is
        finished here if its compute went down meanwhile.
        """
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        again = False
        for _ in range(5):
            if instance.task_state == task_states.DELETING:
                again = True
                break
            expected = instance.task_state
            instance.task_state = task_states.DELETING
            try:
                with instance_obj.writer() as s:
                    # The row as updated says where the instance is now:
                    # once deleting, no build assigns it a host any more.
                    instance.save(expected_task_state=[expected], session=s)
                    instance_action.InstanceAction.action_start(
                        context, instance.uuid, instance_action.DELETE,
                        session=s)
                break
            except exception.UnexpectedTaskStateError:
                # Its build moved on meanwhile: look again.
                instance = self.get(context, instance.uuid)
        else:
            raise exception.Conflict(reason='instance %s keeps changing '
                                     'state; try again' % instance.uuid)
        if instance.host and servicegroup.compute_is_up(
                self.conf, context, instance.host):
            if again:
                # Its compute may never have had the first cast (a bus
                # restart): ask again; a compute deletes only once.
                LOG.info('Instance is being deleted already: asking its '
                         'compute again', instance=instance)
            bdms = block_device_obj.BlockDeviceMapping.get_by_instance_uuid(
                context, instance.uuid)
            self._confirm_resize_on_deleting(context, instance)
            self.compute_rpcapi.terminate_instance(context, instance, bdms)
            return
        if instance.host:
            LOG.warning('The compute of host %s is down: deleting here',
                        instance.host, instance=instance)
        self.local_delete(context, instance)

    def local_delete(self, context, instance):
        """Delete an instance no compute holds (or whose compute is down):
        free what it may still hold (a claim, addresses, the snapshot of a
        shelve, its volumes) and soft-delete it. The guest of a compute
        that comes back is destroyed by its restart."""
        LOG.info('Deleting instance without a host here', instance=instance)
        compute_utils.notify_about_instance(
            self.notifier, context, 'instance.delete.start', instance)
        shelved_image_id = (instance.system_metadata or {}).get(
            'shelved_image_id')
        if shelved_image_id:
            self._delete_image_quietly(context.elevated(), shelved_image_id)
        self.network_api.deallocate_for_instance(context, instance)
        allocations.release(instance.uuid)
        migration_obj.Migration.end_for_deleted_instance(context,
                                                         instance.uuid)
        compute_utils.cleanup_volumes(
            context, self.volume_api, instance,
            block_device_obj.BlockDeviceMapping.get_by_instance_uuid(
                context, instance.uuid))
        with instance_obj.writer() as s:
            instance.destroy(session=s)
            block_device_obj.BlockDeviceMapping.destroy_by_instance(
                context, instance.uuid, session=s)
            db_request_specs.destroy(s, instance.uuid)
        compute_utils.notify_about_instance(
            self.notifier, context, 'instance.delete.end', instance)


class InstanceActionAPI:
    """Instance actions (``os-instance-actions``)."""

    def actions_get(self, context, instance, limit=None, marker=None,
                    changes_since=None, changes_before=None):
        """The instance's actions, newest first (without events); a
        ``marker`` (request id) of none of them is MarkerNotFound (400)."""
        return instance_action.InstanceAction.get_by_instance_uuid(
            context, instance.uuid, limit=limit, marker=marker,
            changes_since=changes_since, changes_before=changes_before)

    def action_get_by_request_id(self, context, instance, request_id):
        """One action with its events; InstanceActionNotFound (404)."""
        return instance_action.InstanceAction.get_by_request_id(
            context, instance.uuid, request_id)
