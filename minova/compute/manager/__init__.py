"""The compute service's RPC endpoints: the hypervisor, through its driver.

A compute never opens a database connection: what it reads and writes goes
through the conductor (``self.conductor_api``), one call per state change.

:class:`ComputeManager` is one class, as Nova's, written in one module per
operation family (each method keeps Nova's name on the RPC surface):

=================  ==========================================================
``build``          ``build_and_run_instance``: the compute's part of a boot
``delete``         ``terminate_instance``
``power``          ``stop_instance``, ``start_instance``, ``reboot_instance``,
                   ``pause_instance``, ``unpause_instance``,
                   ``suspend_instance``, ``resume_instance``
``snapshot``       ``snapshot_instance`` (``createImage``)
``shelve``         ``shelve_instance``, ``shelve_offload_instance``,
                   ``unshelve_instance``; the periodic offload
``sync``           ``_sync_power_states``: the periodic power state sync with
                   the hypervisor (Nova's decisions, table in the module)
``restart``        ``_init_instances``: at start, what the previous run left
                   half done ends in a stable state; evacuated guests go
``restart_moves``  ``_init_moves``: at start, the interrupted steps of
                   resizes and migrations through this host end
``volumes``        ``reserve_block_device_name``, ``attach_volume``,
                   ``detach_volume``; a build's and a delete's volumes
``swap_volume``    ``swap_volume``
``rebuild``        ``rebuild_instance``: rebuild, and evacuate (a rebuild on
                   the host an evacuation chose)
``resize``         ``prep_resize``, ``resize_instance``, ``finish_resize``,
                   ``confirm_resize``, ``revert_resize``,
                   ``finish_revert_resize`` (resize and cold migrate)
(here)             ``get_host_uptime``
=================  ==========================================================

Every life-cycle action runs in :meth:`ComputeManager._instance_action`:
under the instance lock, with its ``compute_<method>`` event and its
``instance.<action>.start/.end`` notifications; it ends in a stable state
(the new one, or on failure the vm_state it had, with a fault).
"""

import contextlib
import sys

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging

from minova.compute.manager import build
from minova.compute.manager import common
from minova.compute.manager import delete
from minova.compute.manager import power
from minova.compute.manager import rebuild
from minova.compute.manager import resize
from minova.compute.manager import restart
from minova.compute.manager import restart_moves
from minova.compute.manager import shelve
from minova.compute.manager import snapshot
from minova.compute.manager import swap_volume
from minova.compute.manager import sync
from minova.compute.manager import volumes
from minova.compute import power_state
from minova.compute import resource_tracker
from minova.compute import rpcapi as compute_rpcapi
from minova.compute import utils as compute_utils
from minova.conductor import api as conductor_api
from minova import context as minova_context
from minova import exception
from minova import manager
from minova.objects import instance_action
from minova.objects import instance_fault
from minova import plugins

LOG = logging.getLogger(__name__)


class ComputeManager(build.BuildMixin, delete.DeleteMixin, power.PowerMixin,
                     snapshot.SnapshotMixin, shelve.ShelveMixin,
                     sync.SyncMixin, volumes.VolumesMixin,
                     swap_volume.SwapVolumeMixin, rebuild.RebuildMixin,
                     resize.ResizeMixin, restart.RestartMixin,
                     restart_moves.RestartMovesMixin, manager.Manager):
    """Manages the instances of one host."""

    target = messaging.Target(version='1.7')

    def __init__(self, conf, transport, host=None):
        super().__init__(conf, host=host, service_name='compute')
        driver_cls = plugins.load_class('minova.virt.drivers',
                                        conf.compute_driver)
        self.driver = driver_cls(conf)
        self.conductor_api = conductor_api.API(conf, transport)
        self.volume_api = conductor_api.VolumeAPI(conf, transport)
        self.compute_task_api = conductor_api.ComputeTaskAPI(conf, transport)
        # Resize steps cast to the other host of the move.
        self.compute_rpcapi = compute_rpcapi.ComputeAPI(conf, transport)
        self.rt = resource_tracker.ResourceTracker(
            conf, self.host, self.driver, self.conductor_api)
        self.notifier = compute_utils.get_notifier(conf, 'compute',
                                                   self.host)
        self.service_ref = None
        # One lock per instance uuid (kept while in use): the build, the
        # delete and the actions of one instance take turns; the power
        # state sync only tries it.
        self._instance_locks = lockutils.Semaphores()

    def init_host(self):
        self.driver.init_host(host=self.host)
        self._init_instances(minova_context.get_admin_context())

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    def post_start_hook(self):
        """Report the node at once: a new host is schedulable right away."""
        self.update_available_resource(minova_context.get_admin_context())

    @manager.periodic_task()
    def update_available_resource(self, context):
        self.rt.update_available_resource(
            context, service_id=self.service_ref.id if self.service_ref
            else None)

    @messaging.expected_exceptions(NotImplementedError)
    def get_host_uptime(self, context):
        """The hypervisor's uptime line (``GET /os-hypervisors/{id}/uptime``);
        NotImplementedError, expected, for a driver that cannot tell."""
        return self.driver.get_host_uptime()

    # -- helpers -------------------------------------------------------------

    def _instance_lock(self, instance_uuid, blocking=True):
        """The instance's lock; ``blocking=False`` raises
        AcquireLockFailedException at once if it is held."""
        return lockutils.lock(instance_uuid, semaphores=self._instance_locks,
                              blocking=blocking)

    def _notify(self, context, event_type, instance, error=False, **extra):
        compute_utils.notify_about_instance(self.notifier, context,
                                            event_type, instance,
                                            error=error, **extra)

    def _get_power_state(self, instance):
        """What the hypervisor says (NOSTATE for a guest it lacks)."""
        try:
            return self.driver.get_info(instance).state
        except exception.InstanceNotFound:
            return power_state.NOSTATE

    def _update(self, context, instance, updates, expected_task_state,
                **kwargs):
        """Ask the conductor to apply ``updates`` (if the instance is in
        ``expected_task_state``) and apply them to ``instance`` too."""
        self.conductor_api.instance_update(
            context, instance.uuid, updates,
            expected_task_state=expected_task_state, **kwargs)
        for name, value in updates.items():
            setattr(instance, name, value)
        instance.obj_reset_changes()

    @contextlib.contextmanager
    def _instance_action(self, context, instance, method, notification,
                         in_flight):
        """The frame of one life-cycle action on this host.

        Under the instance lock, between ``instance.<notification>.start``
        and ``.end``, it yields the :class:`EventReporter` of event
        ``compute_<method>``; the block ends with :meth:`_finish_action`.
        If the block fails, the instance keeps the vm_state it had, its
        task_state (one of ``in_flight``) is cleared, and the error becomes
        a fault and the event's result (unless the instance was deleted
        meanwhile). The error is not re-raised: a cast has nobody to tell
        but the record.
        """
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, method)
            self._notify(context, 'instance.%s.start' % notification,
                         instance)
            try:
                yield event
            except Exception as e:
                # The revert finds out whether the instance is gone (a
                # driver's InstanceNotFound only says its guest is).
                if isinstance(e, exception.UnexpectedDeletingTaskStateError):
                    LOG.info('Instance is being deleted: %s', e,
                             instance=instance)
                else:
                    LOG.exception('%s failed', method, instance=instance)
                self._revert_action(context, instance, e, event, in_flight,
                                    sys.exc_info())
                self._notify(context, 'instance.%s.error' % notification,
                             instance, error=True, message=str(e))
                return
            self._notify(context, 'instance.%s.end' % notification,
                         instance)

    def _new_event(self, context, instance, method):
        """The EventReporter of step ``compute_<method>``, recorded with
        the update that ends the step."""
        return instance_action.EventReporter(
            context, self.conductor_api, 'compute_' + method, self.host,
            instance.uuid, defer_start=True)

    def _finish_action(self, context, instance, event, updates, in_flight):
        """The last step of an action: ``updates`` and no task_state, with
        the whole event (one conductor call)."""
        self._update(context, instance, dict(updates, task_state=None),
                     expected_task_state=in_flight,
                     event_start=event.finish_values())

    def _revert_action(self, context, instance, error, event, in_flight,
                       exc_info):
        """The action failed: the vm_state it had, no task, the power
        state the hypervisor reports, a fault and the event's error."""
        updates = {'task_state': None,
                   'power_state': self._get_power_state(instance)}
        try:
            self._update(context, instance, updates,
                         expected_task_state=in_flight,
                         fault=instance_fault.fault_values(
                             error, host=self.host, exc_info=exc_info),
                         # A finish: it also marks the action Error.
                         event_finish=event.finish_values(exc_info=exc_info))
        except common.DELETED:
            LOG.info('Instance was deleted meanwhile', instance=instance)
        except Exception:
            LOG.exception('Could not record the failed action',
                          instance=instance)
