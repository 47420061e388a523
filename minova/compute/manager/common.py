"""What the compute manager's operation modules share."""

import contextlib

from oslo_log import log as logging

from minova import exception

LOG = logging.getLogger(__name__)

#: The instance went away while we worked on it: its delete cleans up.
DELETED = (exception.InstanceNotFound,
           exception.UnexpectedDeletingTaskStateError)


@contextlib.contextmanager
def logged_and_reraised(message, instance, reraise=True):
    """Log a failure of cleanup code; re-raise it only with ``reraise``
    (cleanup after an error must not hide that error)."""
    try:
        yield
    except Exception:
        LOG.exception(message, instance=instance)
        if reraise:
            raise
