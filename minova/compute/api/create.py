"""Create servers: the front of the boot path.

``API.create`` validates everything first (so that a refused request writes
nothing), writes the instances with their block device mappings, request
specs and ``create`` actions in one commit, casts
``schedule_and_build_instances`` to the conductor and returns at once. The
rest of a boot happens in the conductor, the scheduler and a compute.
"""

import random
import re
import string

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from minova import availability_zones
from minova.compute.api import boot_volumes
from minova.compute import block_device
from minova.compute import quota
from minova.compute import scheduler_hints as hints_mod
from minova.compute import task_states
from minova.compute import vm_states
from minova.db import request_specs as db_request_specs
from minova.db import session as db_session
from minova.db import tags as db_tags
from minova import exception
from minova import flavors
from minova.objects import block_device as block_device_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_group as instance_group_obj
from minova.objects import keypair as keypair_obj
from minova.objects import request_spec as request_spec_obj

LOG = logging.getLogger(__name__)

MAX_NAME_LENGTH = 255
MAX_USERDATA_SIZE = 65535

_HOSTNAME_BAD_CHARS = re.compile(r'[^a-z0-9.-]+')


def _reservation_id():
    return 'r-' + ''.join(random.choice(string.ascii_lowercase +
                                        string.digits) for _ in range(8))


def sanitize_hostname(name, uuid):
    """A DNS label from a display name, as Nova makes it."""
    hostname = _HOSTNAME_BAD_CHARS.sub(
        '', name.lower().replace(' ', '-').replace('_', '-'))
    hostname = hostname[:63].strip('.-')
    return hostname or 'server-%s' % uuid


class CreateMixin:
    """``API.create`` and its validation (part of :class:`API`)."""

    def create(self, context, flavor_id, image_href, name, min_count=1,
               max_count=1, metadata=None, key_name=None, user_data=None,
               availability_zone=None, block_device_mapping=None,
               scheduler_hints=None, admin_password=None, description=None,
               access_ip_v4=None, access_ip_v6=None, config_drive=None,
               requested_networks=None, injected_files=None,
               return_reservation_id=False, tags=None, ignore_hosts=None,
               supports_multiattach=True):
        """Create ``min_count`` to ``max_count`` servers (as many as quota
        allows) and start their builds; returns ``(instances,
        reservation_id)`` at once, the instances in vm_state building and
        task_state scheduling. ``flavor_id`` is the flavor's API id;
        ``block_device_mapping`` a list of block_device_mapping_v2 dicts;
        ``tags`` the servers' tags; ``ignore_hosts`` hosts the scheduler
        must not pick; ``supports_multiattach`` False (a request before
        2.60) refuses multiattach volumes."""
        return self._create_instance(
            context, flavor_id, image_href, name, min_count, max_count,
            metadata or {}, key_name, user_data, availability_zone,
            block_device_mapping or [], scheduler_hints or {},
            admin_password, description, access_ip_v4, access_ip_v6,
            config_drive, requested_networks, injected_files,
            tags or [], ignore_hosts or [], supports_multiattach)

    def _create_instance(self, context, flavor_id, image_href, name,
                         min_count, max_count, metadata, key_name, user_data,
                         availability_zone, block_device_mapping,
                         scheduler_hints, admin_password, description,
                         access_ip_v4, access_ip_v6, config_drive,
                         requested_networks, injected_files, tags,
                         ignore_hosts, supports_multiattach=True):
        # 1. Validate everything: nothing is written for a refused request.
        # Its reads share one transaction (one round trip of BEGIN and one
        # of ROLLBACK instead of one each).
        with db_session.shared_reads():
            self._check_name(name)
            self._check_counts(min_count, max_count)
            if availability_zone:
                self._check_availability_zone(context, availability_zone)
            flavor = self._get_flavor(context, flavor_id)
            bdms = block_device.from_api(block_device_mapping)
            image = self._get_boot_image(context, image_href, flavor, bdms)
            availability_zone = self._validate_bdm(
                context, bdms, flavor, availability_zone, max_count,
                supports_multiattach)
            volume_backed = block_device.is_volume_backed(bdms)
            max_count = self.network_api.validate_networks(
                context, requested_networks, max_count)
            limits = quota.limits_for(self.conf, context)
            quota.check_metadata(self.conf, metadata, limits)
            if user_data is not None and len(user_data) > MAX_USERDATA_SIZE:
                raise exception.ValidationError(
                    field='user_data', reason='longer than %d bytes' %
                    MAX_USERDATA_SIZE)
            key_data = self._get_key_data(context, key_name)
            scheduler_hints, group = hints_mod.validate(context, scheduler_hints)
            count, quota_scopes = quota.check_num_instances(
                self.conf, context, flavor, min_count, max_count, limits)
            if group is not None:
                quota.check_server_group_members(self.conf, context, group,
                                                 count, limits=limits)

        # 2. Build the records.
        reservation_id = _reservation_id()
        instances, specs, all_bdms = [], [], []
        for index in range(count):
            instance = self._new_instance(
                context, flavor, '' if volume_backed else image.id, name,
                index, count, metadata, key_name, key_data,
                user_data, availability_zone, reservation_id, description,
                access_ip_v4, access_ip_v6, config_drive)
            instances.append(instance)
            specs.append(request_spec_obj.RequestSpec(
                instance_uuid=instance.uuid, project_id=context.project_id,
                user_id=context.user_id, num_instances=count, flavor=flavor,
                image=image, availability_zone=availability_zone,
                scheduler_hints=scheduler_hints,
                instance_group=hints_mod.group_for_spec(group),
                ignore_hosts=list(ignore_hosts), force_hosts=[],
                retry=None))
            all_bdms += [block_device_obj.BlockDeviceMapping(
                context, uuid=uuidutils.generate_uuid(),
                instance_uuid=instance.uuid, **values)
                for values in block_device.root_bdm(image, bdms) + bdms]

        # 3. Reserve the volumes the request names, then store it all in
        # one commit, re-checking quota inside it.
        reserved = self._reserve_volumes(context, all_bdms)
        try:
            self._store(context, instances, specs, all_bdms, flavor, count,
                        group, quota_scopes, limits, tags)
        except Exception:
            self._unreserve_volumes(context, reserved)
            raise

        # 4. Hand over to the conductor and answer. (DEBUG, as Nova's: the
        # request's access line is the INFO one.)
        LOG.debug('Creating %d instance(s) of flavor %s from %s: %s',
                  count, flavor.name,
                  'a volume' if volume_backed else 'image %s' % image.id,
                  ', '.join(instance.uuid for instance in instances))
        self.compute_task_api.schedule_and_build_instances(
            context, instances, specs, image, admin_password=admin_password,
            injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=all_bdms)
        return instances, reservation_id

    def _store(self, context, instances, specs, all_bdms, flavor, count,
               group, quota_scopes, limits, tags):
        with instance_obj.writer() as s:
            for instance, spec in zip(instances, specs):
                instance.create(session=s)
                if tags:
                    db_tags.add(s, instance.uuid, tags)
                db_request_specs.create(s, instance.uuid, jsonutils.dumps(
                    spec.obj_to_primitive()))
                instance_action.InstanceAction.action_start(
                    context, instance.uuid, instance_action.CREATE,
                    session=s)
            for bdm in all_bdms:
                bdm.create(session=s)
            quota.recheck_num_instances(context, flavor, count,
                                        quota_scopes, s)
            if group is not None:
                instance_group_obj.InstanceGroup.add_members(
                    context, group.id, [i.uuid for i in instances], session=s)
                quota.check_server_group_members(self.conf, context, group,
                                                 0, session=s, limits=limits)

    def _new_instance(self, context, flavor, image_ref, name, index, count,
                      metadata, key_name, key_data, user_data,
                      availability_zone, reservation_id, description,
                      access_ip_v4, access_ip_v6, config_drive):
        uuid = uuidutils.generate_uuid()
        if count > 1:
            name = self._multi_instance_name(name, uuid, index)
        hostname = sanitize_hostname(name, uuid)
        return instance_obj.Instance(
            context, uuid=uuid, user_id=context.user_id,
            project_id=context.project_id, display_name=name,
            display_description=description, hostname=hostname,
            reservation_id=reservation_id, launch_index=index,
            image_ref=image_ref, key_name=key_name, key_data=key_data,
            user_data=user_data, flavor=flavor,
            availability_zone=availability_zone,
            vm_state=vm_states.BUILDING, task_state=task_states.SCHEDULING,
            power_state=0, locked=False,
            config_drive='True' if config_drive else None,
            access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
            metadata=dict(metadata), network_info=[])

    def _multi_instance_name(self, name, uuid, index):
        """The display name of server ``index`` of several (Nova's
        ``multi_instance_display_name_template``); the name asked if the
        template does not format."""
        try:
            return self.conf.multi_instance_display_name_template % {
                'name': name, 'uuid': uuid, 'count': index + 1}
        except (KeyError, TypeError, ValueError):
            LOG.exception('multi_instance_display_name_template does not '
                          'format; the servers keep the name %r', name)
            return name

    @staticmethod
    def _get_key_data(context, key_name):
        """The public key of the caller's keypair ``key_name`` (one
        lookup; none without a key_name), which the instance keeps and its
        virt driver gets; 400 naming it if the caller has no such keypair
        (Nova's "Invalid key_name provided")."""
        if key_name is None:
            return None
        try:
            return keypair_obj.KeyPair.get_by_name(
                context, context.user_id, key_name).public_key
        except exception.KeypairNotFound:
            raise exception.InvalidKeyName(name=key_name,
                                           user_id=context.user_id)

    def _check_availability_zone(self, context, zone):
        """400 naming ``zone`` unless an enabled compute is in it (Nova's
        "The requested availability zone is not available")."""
        zones = availability_zones.get_compute_zones(self.conf, context)
        if zone not in zones:
            raise exception.AvailabilityZoneNotAvailable(
                zone=zone, available=', '.join(zones) or 'none')

    @staticmethod
    def _check_name(name):
        if not isinstance(name, str) or not name.strip():
            raise exception.ValidationError(field='name',
                                            reason='a name is required')
        if len(name) > MAX_NAME_LENGTH:
            raise exception.ValidationError(
                field='name', reason='longer than %d characters' %
                MAX_NAME_LENGTH)
        if name != name.strip():
            raise exception.ValidationError(
                field='name', reason='leading or trailing whitespace')

    @staticmethod
    def _check_counts(min_count, max_count):
        for field, value in (('min_count', min_count),
                             ('max_count', max_count)):
            if not isinstance(value, int) or isinstance(value, bool) or \
                    value < 1:
                raise exception.ValidationError(
                    field=field, reason='%r is not an integer >= 1' % (
                        value,))
        if min_count > max_count:
            raise exception.ValidationError(
                field='min_count', reason='min_count (%d) must be <= '
                'max_count (%d)' % (min_count, max_count))

    @staticmethod
    def _get_flavor(context, flavor_id):
        try:
            flavor = flavors.get_flavor_by_flavor_id(flavor_id, context)
        except exception.FlavorNotFound:
            raise exception.InvalidFlavorRef(
                reason='flavor %s could not be found' % flavor_id)
        if flavor.disabled:
            raise exception.InvalidFlavorRef(
                reason='flavor %s is disabled' % flavor_id)
        return flavor

    def _get_image(self, context, image_href, flavor):
        if not image_href:
            raise exception.ValidationError(
                field='imageRef', reason='an image is required, or a '
                'block_device_mapping_v2 entry with boot_index 0 (to boot '
                'from a volume)')
        image_id = boot_volumes.image_id_of(image_href)
        try:
            image = self._get_active_image(context, image_id, flavor)
        except exception.ImageNotFound:
            raise exception.InvalidImageRef(
                reason='image %s could not be found' % image_id)
        # A root disk of 0 GB means "the size of the image": no check.
        if flavor.root_gb and image.min_disk > flavor.root_gb:
            raise exception.FlavorDiskSmallerThanMinDisk(
                flavor_size=flavor.root_gb, image_min_disk=image.min_disk)
        if flavor.root_gb and image.size and \
                image.size > flavor.root_gb * 1024 ** 3:
            raise exception.FlavorDiskSmallerThanMinDisk(
                flavor_size=flavor.root_gb,
                image_min_disk=-(-image.size // 1024 ** 3))
        return image

    def _get_active_image(self, context, image_id, flavor):
        """The image if it is active and ``flavor`` has the RAM it asks
        for; ImageNotFound when there is none."""
        image = self.image_api.get(context, image_id)
        if image.status != 'active':
            raise exception.ImageNotActive(image_id=image_id,
                                           status=image.status)
        if image.min_ram and flavor.memory_mb < image.min_ram:
            raise exception.FlavorMemoryTooSmall(
                flavor_ram=flavor.memory_mb, image_min_ram=image.min_ram)
        return image
