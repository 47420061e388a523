"""The volume back end contract (namespace ``minova.volume.api``).

A back end is a subclass of :class:`VolumeAPI` declared as an entry point
and chosen by ``[volume] backend``: ``local`` (volumes as files on this
machine, :mod:`minova.volume.local`). It runs where the database is (the
api and the conductor); a compute reaches it through the conductor.

Volumes are shown as Cinder's v3 API shows them: a dict with ``id``,
``name``, ``description``, ``size`` (GB), ``status`` (``creating``,
``available``, ``reserved``, ``attaching``, ``in-use``, ``detaching``,
``deleting``, ``error``), ``attach_status`` (``detached``, ``attached``),
``availability_zone``, ``volume_type``, ``bootable``, ``multiattach``,
``project_id``, ``created_at`` and ``attachments``: a list of ``{id
(the attachment's), server_id, attachment_id, device}``.

Attaching follows Cinder's attachment life cycle (API 3.44+):
``attachment_create`` (reserve the volume for a server),
``attachment_update`` with the compute host's connector (answers the
attachment with ``connection_info``: ``{'driver_volume_type': ...,
'data': {...}}``, which the compute's virt driver attaches),
``attachment_complete``, and ``attachment_delete`` (the volume is
available again once its last attachment is gone).
"""

from minova import plugins


class VolumeAPI:
    """Base class of volume back ends."""

    def __init__(self, conf):
        self.conf = conf

    def get(self, context, volume_id):
        """The volume as a dict; VolumeNotFound (404) when it does not
        exist or belongs to another project (for a non-admin)."""
        raise NotImplementedError()

    def get_all(self, context):
        """The volumes ``context`` may see, newest first."""
        raise NotImplementedError()

    def create(self, context, size, name=None, description=None,
               image_id=None, volume_type=None, availability_zone=None):
        """Create a volume of ``size`` GB (empty, or from image
        ``image_id``); returns it, ``available`` when it is ready."""
        raise NotImplementedError()

    def delete(self, context, volume_id):
        """Delete an unattached volume; InvalidVolume (400) otherwise."""
        raise NotImplementedError()

    def attachment_create(self, context, volume_id, instance_uuid,
                          connector=None, mountpoint=None):
        """Reserve the volume for ``instance_uuid``; returns the
        attachment (``{'id': ...}``). InvalidVolume (400) when it is not
        available (or attached already and not multiattach)."""
        raise NotImplementedError()

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        """Export the volume to the host ``connector`` describes; returns
        the attachment with its ``connection_info``."""
        raise NotImplementedError()

    def attachment_complete(self, context, attachment_id):
        """The host attached it: the volume is ``in-use``."""
        raise NotImplementedError()

    def attachment_delete(self, context, attachment_id):
        """Remove the attachment; gone already is fine."""
        raise NotImplementedError()


def load(conf):
    """The back end ``[volume] backend`` names, built with ``conf``."""
    return plugins.load_class('minova.volume.api', conf.volume.backend)(conf)
