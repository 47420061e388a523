"""The image back end contract (namespace ``minova.image.api``).

A back end is a subclass of :class:`ImageAPI` declared as an entry point and
chosen by ``[image] backend``. It runs where the database is (the api and
the conductor); a compute gets the image it boots as an ImageMeta object in
its build message.

Images are shown as Glance v2 shows them: a dict with ``id``, ``name``,
``status`` (``queued``, ``active``...), ``disk_format``,
``container_format``, ``size``, ``checksum``, ``min_disk`` (GB),
``min_ram`` (MB), ``visibility``, ``owner``, ``protected``,
``properties`` (a dict), ``created_at``, ``updated_at`` and, for a back end
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


def load(conf):
    """The back end ``[image] backend`` names, built with ``conf``."""
    return plugins.load_class('minova.image.api', conf.image.backend)(conf)
