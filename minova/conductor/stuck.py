"""Nothing stuck: the conductor ends the tasks nobody can move any more.

A request answered 202 must end in a stable state. Its task can stop
moving when the message that carried it is lost (a conductor killed while
it scheduled, a bus restarted) or when its compute dies. Every
``[conductor] stuck_instance_check_interval`` seconds,
``_end_stuck_instances`` looks at the instances whose task_state has not
changed for ``stuck_task_timeout`` seconds and, when nobody can still move
them, ends each:

=====================================  ======================================
stuck                                  ended as
=====================================  ======================================
scheduling (no compute took it)        ERROR; its claim and addresses freed
building on a host that is down        ERROR; its claim and addresses freed
deleting, no host or host down         deleted here (the compute API's local
                                       delete: claim, addresses, volumes)
a move (resize, migrate) with a host   back on its source with its old
down                                   flavor and claim (a confirm: on the
                                       destination); the migration in error
any other task, no host or host down   no task, in the vm_state it had
=====================================  ======================================

Each gets a fault that says what happened, and an event
``conductor_end_stuck_task`` on its latest action. Every change is
conditional on the task_state still being the one seen, so two conductors
(or a late compute) never fight over an instance. A task on a host that is
up is left alone: its compute owns it (and ends it after a restart).
"""

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import migrate
from minova.db import allocations
from minova import exception
from minova import manager
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova import servicegroup

LOG = logging.getLogger(__name__)

EVENT = 'conductor_end_stuck_task'


class StuckInstancesMixin:
    """Part of :class:`~minova.conductor.manager.ConductorManager`."""

    @manager.periodic_task(spacing='conductor.stuck_instance_check_interval')
    def _end_stuck_instances(self, context):
        timeout = self.conf.conductor.stuck_task_timeout
        before = timeutils.utcnow() - datetime.timedelta(seconds=timeout)
        hosts_up = {}
        for instance in instance_obj.Instance.get_unchanged_tasks(context,
                                                                  before):
            updates = None
            if instance.task_state in migrate.MOVE_TASK_STATES:
                # A move has two hosts: either may be the dead one.
                ended = migrate.end_stuck_move(
                    context, instance, lambda host: self._is_up(
                        context, host, hosts_up))
                if ended is None:
                    continue
                reason, updates = ended
            elif instance.task_state == task_states.SCHEDULING:
                # No compute took it: its first step would have moved it.
                reason = 'no compute took it: its scheduling was lost'
            elif instance.host:
                if self._is_up(context, instance.host, hosts_up):
                    continue
                reason = 'its host %s is down' % instance.host
            else:
                reason = 'it has no host'
            try:
                self._end_stuck_task(context, instance, reason, timeout,
                                     updates)
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError) as e:
                LOG.info('Not stuck after all: %s', e, instance=instance)
            except Exception:
                LOG.exception('Could not end the stuck task %s',
                              instance.task_state, instance=instance)

    def _is_up(self, context, host, hosts_up):
        """Whether ``host``'s compute is up (asked once per run)."""
        if host not in hosts_up:
            hosts_up[host] = servicegroup.compute_is_up(self.conf, context,
                                                        host)
        return hosts_up[host]

    def _end_stuck_task(self, context, instance, reason, timeout,
                        updates=None):
        task_state = instance.task_state
        if task_state == task_states.DELETING:
            LOG.warning('Finishing a delete: %s', reason, instance=instance)
            self._local_compute_api().local_delete(context, instance)
            return
        building = instance.vm_state == vm_states.BUILDING
        outcome = ('the build failed: delete the server and create it '
                   'again' if building else
                   'the server is back in vm_state %s' % instance.vm_state)
        error = exception.StuckTaskEnded(task_state=task_state,
                                         seconds=timeout, reason=reason,
                                         outcome=outcome)
        LOG.warning('%s', error.format_message(), instance=instance)
        updates = dict(updates or {}, task_state=None)
        if building:
            updates.update(vm_state=vm_states.ERROR, host=None, node=None)
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance.uuid, updates,
                expected_task_state=[task_state], session=s)
            instance_fault.InstanceFault.create_for_instance(
                context, instance.uuid, instance_fault.fault_values(
                    error, host=instance.host), session=s)
            self._record_stuck_event(context, instance, error, s)
        if building:
            allocations.release(instance.uuid)
            self.network_api.deallocate_for_instance(context, instance)

    @staticmethod
    def _record_stuck_event(context, instance, error, session):
        """An Error event on the instance's latest action (its request's)."""
        actions = instance_action.InstanceAction.get_by_instance_uuid(
            context, instance.uuid, limit=1)
        if not actions:
            return
        values = instance_action.EventReporter(
            context, None, EVENT, None, instance.uuid).finish_values(
            exc_info=(type(error), error, None))
        values['request_id'] = actions[0].request_id
        # With no start recorded, the finish writes the whole event.
        instance_action.DATABASE.action_event_finish(context, values,
                                                     session=session)

    def _local_compute_api(self):
        """The compute API, for a delete no compute can finish."""
        if getattr(self, '_compute_api', None) is None:
            from minova.compute import api as compute_api
            self._compute_api = compute_api.API(self.conf, self.transport)
        return self._compute_api
