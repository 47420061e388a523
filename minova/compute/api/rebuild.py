"""Rebuild and evacuate.

``rebuild`` gives a server a new guest from an image (its own or another)
on the host it has, with the claims it has. ``evacuate`` (admin) does the
same on another host, for a server whose host is down. Both go through
the conductor (``ComputeTaskAPI.rebuild_instance``): for a rebuild with a
new image, the scheduler checks that the server's host can run that image
(the image filters only, the host forced, nothing claimed); for an
evacuation, it chooses the destination (the source excluded) or checks the
one asked for, and claims it.
"""

from oslo_log import log as logging

from minova.compute.api import boot_volumes
from minova.compute.api import shelve
from minova.compute.api import states
from minova.compute import quota
from minova.db import instances as db_instances
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import request_spec as request_spec_obj
from minova.objects import service as service_obj
from minova.scheduler import utils as scheduler_utils
from minova import servicegroup

LOG = logging.getLogger(__name__)


class RebuildMixin:
    """Rebuild and evacuate (part of :class:`~minova.compute.api.API`)."""

    def rebuild(self, context, instance, image_href, admin_password,
                name=None, metadata=None, preserve_ephemeral=False,
                access_ip_v4=None, access_ip_v6=None, description=(),
                key_name=(), user_data=()):
        """Rebuild ``instance`` from ``image_href``; 409 unless it is
        ACTIVE, SHUTOFF or ERROR with no task (``description``,
        ``key_name``, ``user_data``: the new one, None to remove it, left
        as it is if not given; an unknown key pair is 400). Returns the
        instance as it now is (task_state rebuilding)."""
        states.check(context, instance, 'rebuild')
        orig_image_ref = instance.image_ref
        image_id = boot_volumes.image_id_of(image_href)
        image = self._get_image(context, image_href, instance.flavor)
        if shelve.is_volume_backed(instance) and image_id != orig_image_ref:
            raise exception.Invalid(reason=(
                'Unable to rebuild with a different image for a '
                'volume-backed server.'))
        if name is not None:
            self._check_name(name)
        if metadata is not None:
            quota.check_metadata(self.conf, metadata,
                                 quota.limits_for(self.conf, context))
        request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        if image_id != orig_image_ref:
            # The scheduler checks the host can run the new image (Nova's
            # "rebuild" request: the host forced, the image filters only).
            request_spec.image = image
            scheduler_utils.mark_rebuild(request_spec, instance.host)
        updates = {'image_ref': image_id}
        for field, value in (('display_name', name),
                             ('access_ip_v4', access_ip_v4),
                             ('access_ip_v6', access_ip_v6)):
            if value is not None:
                updates[field] = value
        if description != ():
            updates['display_description'] = description
        if key_name != ():
            updates.update(key_name=key_name,
                           key_data=self._get_key_data(context, key_name))
        if user_data != ():
            updates['user_data'] = user_data
        states.start_action(context, instance, 'rebuild', updates=updates)
        if metadata is not None:
            # Nova replaces the whole metadata with what the rebuild gives.
            with instance_obj.writer() as s:
                instance.metadata = db_instances.metadata_update(
                    s, instance.uuid, metadata, delete=True)
            instance.obj_reset_changes(['metadata'])
        LOG.debug('Rebuilding from image %s (was %s)', image_id,
                  orig_image_ref, instance=instance)
        self.compute_task_api.rebuild_instance(
            context, instance, orig_image_ref, image_id, image,
            admin_password, recreate=False,
            preserve_ephemeral=preserve_ephemeral,
            request_spec=request_spec)
        return instance

    def evacuate(self, context, instance, host, on_shared_storage,
                 admin_password=None, force=None):
        """Rebuild ``instance`` on another host (``host``, or one the
        scheduler chooses): only when its compute service is down (400
        otherwise), from the image it has. ``host`` is forced (the filters
        skipped) unless ``force`` is False (2.29 on, as Nova): then it is
        the requested destination, which the filters judge."""
        states.check(context, instance, 'evacuate')
        if servicegroup.compute_is_up(self.conf, context, instance.host):
            raise exception.ComputeServiceInUse(host=instance.host)
        if host is not None:
            if host == instance.host:
                raise exception.Invalid(
                    reason="The target host can't be the same one.")
            try:
                service_obj.Service.get_by_host_and_binary(
                    context, host, 'minova-compute')
            except exception.HostBinaryNotFound:
                raise exception.ComputeHostNotFound(host=host)
        request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        if host is not None and force is False:
            request_spec.requested_destination = host
            host = None
        migration = self._start_move(context, instance, 'evacuate',
                                     instance.flavor, 'evacuation',
                                     status='accepted')
        LOG.info('Evacuating from %s to %s (migration %s)', instance.host,
                 host or request_spec.get('requested_destination', None) or
                 'a host the scheduler chooses', migration.uuid,
                 instance=instance)
        self.compute_task_api.rebuild_instance(
            context, instance, instance.image_ref, instance.image_ref, None,
            admin_password, recreate=True,
            on_shared_storage=on_shared_storage, host=host,
            request_spec=request_spec)
        return instance
