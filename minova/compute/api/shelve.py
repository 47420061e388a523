"""Shelve, shelve offload and unshelve.

``shelve`` of an image-backed server makes a snapshot image
``<name>-shelved`` (queued) and casts ``shelve_instance`` to its compute,
which powers it off, writes the snapshot and, after ``[DEFAULT]
shelved_offload_time``, offloads it. A volume-backed server has nothing to
snapshot: straight to ``shelve_offload_instance``. ``unshelve`` goes
through the conductor, which schedules the server again (it may land on
another host) and casts ``unshelve_instance`` to the chosen compute.
"""

from oslo_log import log as logging

from minova import availability_zones
from minova.compute.api import states
from minova.compute import vm_states
from minova import exception
from minova.objects import request_spec as request_spec_obj

LOG = logging.getLogger(__name__)


def is_volume_backed(instance):
    """A server without an image boots from a volume: nothing to snapshot."""
    return not instance.image_ref


class ShelveMixin:
    """Shelve and unshelve (part of :class:`~minova.compute.api.API`)."""

    def shelve(self, context, instance, clean_shutdown=True):
        states.check(context, instance, 'shelve')
        if is_volume_backed(instance):
            states.start_action(context, instance, 'shelve')
            self.compute_rpcapi.shelve_offload_instance(
                context, instance, clean_shutdown=clean_shutdown)
            return
        image = self._create_image(
            context, instance, '%s-shelved' % instance.display_name,
            'snapshot')
        try:
            states.start_action(context, instance, 'shelve')
        except Exception:
            self._delete_image_quietly(context, image['id'])
            raise
        self.compute_rpcapi.shelve_instance(
            context, instance, image_id=image['id'],
            clean_shutdown=clean_shutdown)

    def shelve_offload(self, context, instance, clean_shutdown=True):
        """Offload a shelved server now, whatever ``shelved_offload_time``
        says: its guest is destroyed and its host's resources freed."""
        states.start_action(context, instance, 'shelveOffload')
        self.compute_rpcapi.shelve_offload_instance(
            context, instance, clean_shutdown=clean_shutdown)

    def unshelve(self, context, instance, availability_zone=None):
        """Bring a shelved server back: scheduled again (into
        ``availability_zone`` if given: 400 unless a compute is there),
        then spawned from its snapshot."""
        states.check(context, instance, 'unshelve')
        request_spec = request_spec_obj.RequestSpec.get_by_instance_uuid(
            context, instance.uuid)
        if availability_zone is not None:
            if instance.vm_state != vm_states.SHELVED_OFFLOADED:
                raise exception.Conflict(reason=(
                    'an availability zone can be asked for only when '
                    'unshelving a server in vm_state shelved_offloaded; '
                    'instance %s is %s' % (instance.uuid,
                                           instance.vm_state)))
            zones = availability_zones.get_compute_zones(self.conf, context)
            if availability_zone not in zones:
                raise exception.AvailabilityZoneNotAvailable(
                    zone=availability_zone,
                    available=', '.join(zones) or 'none')
            request_spec.availability_zone = availability_zone
        updates = ({'availability_zone': availability_zone}
                   if availability_zone is not None else None)
        states.start_action(context, instance, 'unshelve', updates=updates)
        self.compute_task_api.unshelve_instance(context, instance,
                                                request_spec=request_spec)
