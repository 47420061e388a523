"""The volume back end contract (namespace ``minova.volume.api``).

A back end is a subclass of :class:`VolumeAPI` declared as an entry point
and chosen by ``[volume] backend``: ``local`` (volumes as files on this
machine or in a shared directory, :mod:`minova.volume.local`) or
``cinder`` (OpenStack Block Storage through python-cinderclient,
:mod:`minova.volume.cinder`). It runs where the database is (the api and
the conductor); a compute reaches it through the conductor. The method
names and arguments are those of Nova's ``nova/volume/cinder.py`` API.

A **volume** is a dict, as Cinder's v3 API shows it: ``id``, ``name``,
``description``, ``size`` (GB), ``status`` (``creating``, ``available``,
``reserved``, ``attaching``, ``in-use``, ``deleting``, ``error``,
``error_deleting``), ``attach_status`` (``detached``, ``attached``),
``availability_zone``, ``volume_type`` (a name or None), ``snapshot_id``,
``image_id``, ``bootable``, ``multiattach``, ``metadata`` (a dict),
``project_id``, ``user_id`` (its creator), ``created_at`` (a naive UTC
datetime) and
``attachments``: one dict per completed attachment, ``{'id': <the volume's
id, as Cinder shows it>, 'attachment_id', 'volume_id', 'server_id',
'device', 'host_name'}`` (``host_name``: the host whose connector the
attachment was given, None if unknown).

A **snapshot** is a dict: ``id``, ``volume_id``, ``status`` (``creating``,
``available``, ``deleting``, ``error``), ``size`` (GB, its volume's),
``name``, ``description``, ``project_id``, ``created_at``.

An **attachment** follows Cinder's attachment life cycle (API 3.44):
:meth:`~VolumeAPI.attachment_create` reserves the volume for a server,
:meth:`~VolumeAPI.attachment_update` gives it the host connector and
answers the ``connection_info`` the compute's virt driver attaches,
:meth:`~VolumeAPI.attachment_complete` marks it in use and
:meth:`~VolumeAPI.attachment_delete` ends it (the volume is available again
once its last attachment is gone). It is a dict of JSON values (it crosses
RPC): ``id``, ``volume_id``, ``instance`` (the server's uuid), ``status``
(``reserved``, ``attaching``, ``attached``), ``attach_mode`` and
``connection_info``: ``{}`` until a connector was given, then
``{'driver_volume_type': <the libvirt volume driver's name: local, iscsi,
rbd, nfs...>, 'data': {...what that driver needs...}}``.

Refusals are named exceptions (:mod:`minova.exception`):
``VolumeNotFound`` (404, also for another project's volume),
``SnapshotNotFound`` and ``VolumeAttachmentNotFound`` (404), and the
``InvalidVolume`` family (400, as Nova answers Cinder's refusals):
``VolumeNotAvailable``, ``VolumeInUse``, ``VolumeInError``,
``VolumeHasSnapshots``, ``VolumeNotInInstanceAZ``.
"""

from minova import availability_zones
from minova import exception
from minova import plugins


class VolumeAPI:
    """Base class of volume back ends; the checks at its end are shared."""

    def __init__(self, conf):
        self.conf = conf

    # -- volumes -----------------------------------------------------------

    def get(self, context, volume_id):
        """The volume; VolumeNotFound (404) when it does not exist or
        belongs to another project (for a non-admin)."""
        raise NotImplementedError()

    def get_all(self, context):
        """The volumes ``context`` may see (all, for an admin), newest
        first."""
        raise NotImplementedError()

    def create(self, context, size, name=None, description=None,
               snapshot=None, image_id=None, volume_type=None, metadata=None,
               availability_zone=None):
        """Create a volume of ``size`` GB: empty, a copy of ``snapshot`` (a
        snapshot dict) or holding image ``image_id``. Returns it as it
        stands: ``available`` (or ``error``) from a back end that made it
        at once, ``creating`` from one that makes it later (poll
        :meth:`get`). InvalidVolume (400) for a bad size or source."""
        raise NotImplementedError()

    def delete(self, context, volume_id):
        """Delete a volume that is available or in error, without
        attachments or snapshots; InvalidVolume (400) otherwise."""
        raise NotImplementedError()

    def update(self, context, volume_id, **fields):
        """Change a volume's ``name``, ``description`` and/or ``metadata``
        (replaced whole), the fields given; returns the volume."""
        raise NotImplementedError()

    def extend(self, context, volume_id, new_size):
        """Grow an available volume to ``new_size`` GB; InvalidVolume
        (400) for a size not above its own, VolumeNotAvailable (400) for
        a volume not available (an attached one too: nothing would tell
        its guest). Returns the volume."""
        raise NotImplementedError()

    def get_volume_types(self, context):
        """The volume types a volume may be created with, beside none (the
        back end's default): ``[{'name': ..., 'multiattach': bool}]``. The
        Block Storage API lists them; none by default."""
        return []

    # -- attachments -------------------------------------------------------

    def attachment_create(self, context, volume_id, instance_uuid,
                          connector=None, mountpoint=None):
        """Reserve the volume for server ``instance_uuid`` (the volume
        becomes ``reserved``); with a ``connector``, also do
        :meth:`attachment_update`. Returns the attachment.
        VolumeNotAvailable/VolumeInUse/VolumeInError (400) unless it is
        available, or multiattach and not in error."""
        raise NotImplementedError()

    def attachment_get(self, context, attachment_id):
        """The attachment; VolumeAttachmentNotFound (404)."""
        raise NotImplementedError()

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        """Export the volume to the host ``connector`` describes (os-brick's
        ``get_connector_properties``: host, ip, initiator...), at
        ``mountpoint`` (the guest's device, ``/dev/vdb``). Returns the
        attachment, ``attaching``, with its ``connection_info``."""
        raise NotImplementedError()

    def attachment_complete(self, context, attachment_id):
        """The host attached it: the attachment is ``attached``, the
        volume ``in-use``."""
        raise NotImplementedError()

    def attachment_delete(self, context, attachment_id):
        """End the attachment (the host has disconnected, or never
        connected); gone already is fine."""
        raise NotImplementedError()

    # -- snapshots -----------------------------------------------------------

    def get_snapshot(self, context, snapshot_id):
        """The snapshot; SnapshotNotFound (404), also for another
        project's."""
        raise NotImplementedError()

    def get_all_snapshots(self, context):
        """The snapshots ``context`` may see, newest first."""
        raise NotImplementedError()

    def create_snapshot(self, context, volume_id, name, description):
        """Snapshot an available volume; VolumeNotAvailable (400) when it
        is attached (use :meth:`create_snapshot_force`)."""
        raise NotImplementedError()

    def create_snapshot_force(self, context, volume_id, name, description):
        """Snapshot an available or in-use volume (crash-consistent while a
        guest writes to it)."""
        raise NotImplementedError()

    def delete_snapshot(self, context, snapshot_id):
        """Delete a snapshot that is available or in error;
        InvalidSnapshot (400) otherwise."""
        raise NotImplementedError()

    # -- checks (Nova's, on a volume dict; every back end has them) -----------

    def check_attached(self, context, volume):
        """VolumeNotAvailable unless ``volume`` is in use (before a
        detach)."""
        if volume['status'] != 'in-use':
            raise exception.VolumeNotAvailable(
                volume_id=volume['id'], status=volume['status'],
                action='detaching', needed='in-use')

    def check_availability_zone(self, context, volume, instance=None):
        """VolumeNotInInstanceAZ (400) when ``[cinder] cross_az_attach``
        is false and ``instance`` (an Instance object) is in another zone
        than ``volume``."""
        if instance is None or self.conf.cinder.cross_az_attach:
            return
        instance_zone = availability_zones.get_instance_availability_zone(
            self.conf, instance)
        if instance_zone != volume['availability_zone']:
            raise exception.VolumeNotInInstanceAZ(
                instance=instance.uuid, vol=volume['id'],
                ins_zone=instance_zone, vol_zone=volume['availability_zone'])

    def check_attach(self, context, volume, instance=None):
        """Refuse, before anything is reserved, a volume that
        :meth:`attachment_create` would refuse (with the same named
        exceptions) or one in another zone
        (:meth:`check_availability_zone`): the compute API answers 400 at
        once, naming why."""
        check_attachable(volume, instance.uuid if instance else None)
        self.check_availability_zone(context, volume, instance=instance)


def check_attachable(volume, instance_uuid=None, servers=None):
    """Cinder's rule for a new attachment of ``volume`` (a dict): it must
    be available, or multiattach (and not in error); another attachment
    for a server it has one for already is let through, as Cinder does
    (a move). ``servers``: those of its attachments, when the caller knows
    the unfinished ones too (else those of ``volume['attachments']``)."""
    status = volume['status']
    if status == 'available':
        return
    if status == 'error':
        raise exception.VolumeInError(volume_id=volume['id'], status=status,
                                      action='attaching')
    if status in ('reserved', 'attaching', 'in-use'):
        if servers is None:
            servers = [a['server_id'] for a in volume.get('attachments', ())]
        if volume.get('multiattach') or instance_uuid in servers:
            return
        if status == 'in-use':
            raise exception.VolumeInUse(
                volume_id=volume['id'], status=status,
                server_id=', '.join(servers) or 'unknown')
    raise exception.VolumeNotAvailable(
        volume_id=volume['id'], status=status, action='attaching',
        needed='available (or multiattach)')


def load(conf):
    """The back end ``[volume] backend`` names, built with ``conf``."""
    return plugins.load_class('minova.volume.api', conf.volume.backend)(conf)
