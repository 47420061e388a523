"""Instance actions and EventReporter, recording straight to the database."""

import datetime

from oslo_utils import uuidutils
import testtools

from minova import context
from minova import exception
from minova.objects import instance_action
from minova.tests import fixtures as minova_fixtures


class TestEventReporter(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.context = context.RequestContext(user_id='u', project_id='p')
        self.uuid = uuidutils.generate_uuid()
        instance_action.InstanceAction.action_start(self.context, self.uuid,
                                                    'create')

    def _action(self):
        return instance_action.InstanceAction.get_by_request_id(
            self.context, self.uuid, self.context.request_id)

    def _reporter(self, **kwargs):
        return instance_action.EventReporter(
            self.context, instance_action.DATABASE, 'compute_step', 'h1',
            self.uuid, **kwargs)

    def test_action_keeps_who_and_which_request(self):
        action = self._action()
        self.assertEqual(('create', 'u', 'p', self.context.request_id),
                         (action.action, action.user_id, action.project_id,
                          action.request_id))
        [listed] = instance_action.InstanceAction.get_by_instance_uuid(
            self.context, self.uuid)
        self.assertEqual(action.id, listed.id)

    def test_success(self):
        with self._reporter():
            [event] = self._action().events
            self.assertIsNone(event.finish_time)
        [event] = self._action().events
        self.assertEqual(('compute_step', 'Success', 'h1'),
                         (event.event, event.result, event.host))
        self.assertIsNotNone(event.start_time)
        self.assertIsNotNone(event.finish_time)
        self.assertIsNone(self._action().message)

    def test_error_records_the_traceback_and_marks_the_action(self):
        def fail():
            with self._reporter():
                raise exception.NoValidHost(reason='none')
        self.assertRaises(exception.NoValidHost, fail)
        action = self._action()
        [event] = action.events
        self.assertEqual('Error', event.result)
        self.assertIn('NoValidHost', event.traceback)
        self.assertEqual('Error', action.message)

    def test_deferred_start_records_one_row_at_the_end(self):
        with self._reporter(defer_start=True):
            self.assertEqual([], self._action().events)
        [event] = self._action().events
        self.assertEqual('Success', event.result)
        self.assertIsNotNone(event.start_time)

    def test_caller_sends_the_finish_itself(self):
        with self._reporter(defer_start=True) as event:
            instance_action.DATABASE.action_event_start(
                self.context, event.start_values())
            instance_action.DATABASE.action_event_finish(
                self.context, event.finish_values())
            event.finished()
        [recorded] = self._action().events
        self.assertEqual('Success', recorded.result)

    def test_events_of_one_shape_land_on_their_own_action(self):
        # The event statements are built once per shape and reused: each
        # use must find its own action and its own unfinished event.
        other = uuidutils.generate_uuid()
        instance_action.InstanceAction.action_start(self.context, other,
                                                    'create')
        for uuid, host in ((self.uuid, 'h1'), (other, 'h2')):
            with instance_action.EventReporter(
                    self.context, instance_action.DATABASE, 'compute_step',
                    host, uuid):
                pass
        [mine] = self._action().events
        [theirs] = instance_action.InstanceAction.get_by_request_id(
            self.context, other, self.context.request_id).events
        self.assertEqual([('h1', 'Success'), ('h2', 'Success')],
                         [(mine.host, mine.result),
                          (theirs.host, theirs.result)])

    def test_a_request_without_an_action_records_nothing(self):
        other = context.RequestContext(user_id='u', project_id='p')
        with instance_action.EventReporter(other, instance_action.DATABASE,
                                           'step', 'h1', self.uuid):
            pass
        self.assertEqual([], self._action().events)
        self.assertRaises(exception.InstanceActionNotFound,
                          instance_action.InstanceAction.get_by_request_id,
                          other, self.uuid, other.request_id)


class TestActionListing(testtools.TestCase):
    """updated_at, paging by request id and the changes-* filters (the
    database side of 2.58 and 2.66)."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.uuid = uuidutils.generate_uuid()
        self.contexts = []
        for name in ('create', 'stop', 'start'):
            ctxt = context.RequestContext(user_id='u', project_id='p')
            instance_action.InstanceAction.action_start(ctxt, self.uuid,
                                                        name)
            self.contexts.append(ctxt)

    def _list(self, **kwargs):
        return [a.action for a in
                instance_action.InstanceAction.get_by_instance_uuid(
                    self.contexts[0], self.uuid, **kwargs)]

    def test_updated_at_follows_the_events(self):
        ctxt = self.contexts[0]
        started = instance_action.InstanceAction.get_by_request_id(
            ctxt, self.uuid, ctxt.request_id)
        self.assertEqual(started.start_time, started.updated_at)
        with instance_action.EventReporter(ctxt, instance_action.DATABASE,
                                           'step', 'h1', self.uuid):
            pass
        action = instance_action.InstanceAction.get_by_request_id(
            ctxt, self.uuid, ctxt.request_id)
        self.assertEqual(action.events[0].finish_time, action.updated_at)
        self.assertGreater(action.updated_at, started.updated_at)
        # Now the newest change: it alone was updated since.
        self.assertEqual(['create'],
                         self._list(changes_since=action.updated_at))
        self.assertEqual(['start', 'stop', 'create'],
                         self._list(changes_before=action.updated_at))
        self.assertEqual(['create'], self._list(
            changes_since=action.updated_at,
            changes_before=action.updated_at))
        self.assertEqual([], self._list(
            changes_before=started.updated_at - datetime.timedelta(1)))

    def test_paging_by_request_id(self):
        self.assertEqual(['start', 'stop'], self._list(limit=2))
        self.assertEqual(['create'], self._list(
            limit=2, marker=self.contexts[1].request_id))
        self.assertEqual([], self._list(limit=0))
        self.assertRaises(exception.MarkerNotFound, self._list,
                          marker='req-none')
