"""Restart recovery of moves: a compute that starts again ends the steps of
resizes and cold migrations that its previous run was taking when it
stopped, as a failure of that step would have (Nova's ``_init_instance``
rolls back a ``resize_migrating`` source and clears a ``resize_prep``;
minova ends every step). The instance's own host is not always the one
that was working: the destination works on an instance still on its
source, the source confirms for an instance already on the destination.
So a compute asks the conductor for the moves from or to it whose
instance's task_state is a move's, and by the task state (whose step it
is) and its part in the move, does:

====================  ===========  ===========================================
task_state            this host    at start
====================  ===========  ===========================================
resize_prep           destination  its claim given back, the source's the
                                   instance's again: ACTIVE (or SHUTOFF) on
                                   the source, a fault, the migration error
resize_migrated,      destination  its copy destroyed and its claim given
resize_finish                      back, then the source takes the guest back
                                   (``finish_revert_resize``): the same, with
                                   the old flavor
resize_reverting      destination  ``revert_resize`` again (until the source
(still its host)                   has finished, the host is the destination)
resize_reverting      source       ``finish_revert_resize`` again
resize_confirming     source       ``confirm_resize`` again
====================  ===========  ===========================================

``resize_migrating`` is the source's own instance: :mod:`.restart` takes
the guest back. A step's message may still wait in this host's queue when
its step is done again here; each step checks first that the instance is
still in the task it expects (``_still_in``), so the late one does
nothing. A revert releases the destination's claim on that host only, so
one done twice cannot release the source's.
"""

import sys

from oslo_log import log as logging

from minova.compute import task_states as ts
from minova import exception

LOG = logging.getLogger(__name__)

#: The destination's steps, which a restart ends as their failure would.
_DEST_FAILS = {ts.RESIZE_PREP: False, ts.RESIZE_MIGRATED: True,
               ts.RESIZE_FINISH: True}


class RestartMovesMixin:
    """Part of :class:`~minova.compute.manager.ComputeManager`."""

    def _init_moves(self, context):
        """End the steps of moves through this host that its previous run
        left half done (one that fails to is logged; the others still
        are)."""
        try:
            migrations = self.conductor_api.migration_get_in_progress_by_host(
                context, self.host)
        except exception.RPCPinnedToOldVersion:
            return
        except Exception as e:
            LOG.warning('Could not check the moves through %s at start: %s',
                        self.host, e)
            return
        for migration in migrations:
            try:
                instance = self.conductor_api.instance_get_by_uuid(
                    context, migration.instance_uuid)
                instance.name_template = self.conf.instance_name_template
                self._init_move(context, instance, migration)
            except exception.InstanceNotFound:
                pass
            except Exception:
                LOG.exception('Could not recover the move of instance %s',
                              migration.instance_uuid)

    def _init_move(self, context, instance, migration):
        task_state = instance.task_state
        dest = migration.dest_compute == self.host
        source = migration.source_compute == self.host
        if dest and task_state in _DEST_FAILS:
            self._fail_interrupted_step(context, instance, migration,
                                        _DEST_FAILS[task_state])
        elif dest and task_state == ts.RESIZE_REVERTING and \
                instance.host == self.host:
            LOG.warning('Reverting again after a restart of %s', self.host,
                        instance=instance)
            self.revert_resize(context, instance, migration)
        elif source and task_state == ts.RESIZE_REVERTING:
            LOG.warning('Finishing the revert again after a restart of %s',
                        self.host, instance=instance)
            self.finish_revert_resize(context, instance, migration)
        elif source and task_state == ts.RESIZE_CONFIRMING:
            LOG.warning('Confirming again after a restart of %s', self.host,
                        instance=instance)
            self.confirm_resize(context, instance, migration)

    def _fail_interrupted_step(self, context, instance, migration,
                               source_touched):
        """The destination's step ends as its failure would: the server
        goes back to its source, with a fault naming the restart."""
        LOG.warning('The %s was interrupted by a restart of %s',
                    instance.task_state, self.host, instance=instance)
        error = exception.ActionInterrupted(
            task_state=instance.task_state, instance_uuid=instance.uuid,
            host=self.host,
            reason='the server goes back to %s: resize it again' %
                   migration.source_compute)
        try:
            raise error
        except exception.ActionInterrupted:
            exc_info = sys.exc_info()
        event = self._new_event(context, instance,
                                'prep_resize' if not source_touched
                                else 'finish_resize')
        self._resize_failed_on_dest(context, instance, migration, error,
                                    event, exc_info, source_touched)
