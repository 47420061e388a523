"""The image back end contract (namespace ``minova.image.api``).

A back end is a subclass of :class:`ImageAPI` declared as an entry point and
chosen by ``[image] backend``. It runs where the database is (the api and
the conductor); a compute gets the image it boots as an ImageMeta object in
its build message.

Images are shown as Glance v2 shows them: a dict with ``id``, ``name``,
``status`` (``queued``, ``active``...), ``disk_format``,
``container_format``, ``size``, ``checksum``, ``min_disk`` (GB),
``min_ram`` (MB), ``visibility``, ``owner``, ``protected``,
``properties`` (a dict), ``tags`` (a list), ``os_hash_algo``,
``os_hash_value``, ``created_at``, ``updated_at`` and, for a back end
with local files, ``file`` (the path).
"""

from minova import plugins


class ImageAPI:
    """Base class of image back ends."""

    def __init__(self, conf):
        self.conf = conf

    def get(self, context, image_id):
        """The image as an :class:`minova.objects.image_meta.ImageMeta`
        (what the scheduler and a virt driver read); ImageNotFound when
        it does not exist or ``context`` may not see it."""
        raise NotImplementedError()

    def show(self, context, image_id):
        """The image as a dict (see the module doc)."""
        raise NotImplementedError()

    def get_all(self, context, filters=None, limit=None, marker=None):
        """Dicts of the images ``context`` may see, newest first;
        ``marker`` is the id of the last image of the previous page."""
        raise NotImplementedError()

    def create(self, context, name, data=None, disk_format=None,
               container_format='bare', min_disk=0, min_ram=0,
               properties=None, visibility='public'):
        """Store an image (``data``: bytes or a readable binary file) and
        return it as a dict."""
        raise NotImplementedError()

    def reserve(self, context, name, container_format='bare', min_disk=0,
                min_ram=0, properties=None, visibility='private',
                owner=None):
        """Create an image record without data (status ``queued``), to be
        filled by :meth:`upload`: a snapshot's, while the compute writes
        it; ``owner`` (a project id) defaults to the caller's. Returns it
        as a dict."""
        raise NotImplementedError()

    def upload(self, context, image_id, path, disk_format):
        """Take the file at ``path`` as the data of queued image
        ``image_id`` (the back end moves or copies it; ``path`` is gone
        afterwards); the image becomes ``active``. Returns it as a dict."""
        raise NotImplementedError()

    def delete(self, context, image_id):
        raise NotImplementedError()

    # What the Image API v2 (``/image``) needs besides; a back end without
    # it serves the compute API but not the image API (501).

    def update(self, context, image_id, values):
        """Change the image's fields (``properties``: the whole dict,
        ``tags``: the whole list); the owner's or an admin's."""
        raise NotImplementedError()

    def store(self, context, image_id, data, expected_size=None):
        """Read the data of queued image ``image_id`` from the binary
        file ``data``: ``saving`` meanwhile, ``active`` after, ``queued``
        again if it fails or ends short of ``expected_size``."""
        raise NotImplementedError()

    def get_members(self, context, image_id):
        raise NotImplementedError()

    def get_member(self, context, image_id, member):
        raise NotImplementedError()

    def add_member(self, context, image_id, member):
        raise NotImplementedError()

    def update_member(self, context, image_id, member, status):
        raise NotImplementedError()

    def delete_member(self, context, image_id, member):
        raise NotImplementedError()


def load(conf):
    """The back end ``[image] backend`` names, built with ``conf``."""
    return plugins.load_class('minova.image.api', conf.image.backend)(conf)
