"""compute.api's resize and migrate on a real database: what is written
(task_state, action, Migration) and what is refused before anything is."""

import fixtures

from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova.objects import migration as migration_obj
from minova.tests.unit.compute import test_api
from minova.tests.unit.scheduler import fakes as scheduler_fakes


class TestResizeAPI(test_api.ComputeAPITestCase):

    def setUp(self):
        super().setUp()
        scheduler_fakes.create_compute('h1')
        scheduler_fakes.create_compute('h2')
        [instance] = self._boot()
        self.instance = self._set(instance, vm_state=vm_states.ACTIVE,
                                  task_state=None, host='h1', node='h1')
        # The cast to the conductor (another process) is all that is
        # mocked.
        self.migrate_server = self.useFixture(fixtures.MockPatchObject(
            self.api.compute_task_api, 'migrate_server')).mock

    def test_resize_records_the_move_and_casts(self):
        self.api.resize(self.context, self.instance, flavor_id='2')
        (migration,) = migration_obj.Migration.get_all(self.context)
        self.assertEqual(
            ('pre-migrating', 'resize', 'h1', '1', '2'),
            (migration.status, migration.migration_type,
             migration.source_compute, migration.old_flavor.flavorid,
             migration.new_flavor.flavorid))
        loaded = self.api.get(self.context, self.instance.uuid)
        self.assertEqual(task_states.RESIZE_PREP, loaded.task_state)
        self.migrate_server.assert_called_once()
        self.assertIsNone(self.migrate_server.call_args.kwargs['host_name'])

    def test_migrate_to_a_host(self):
        self.api.resize(self.context, self.instance, host_name='h2')
        (migration,) = migration_obj.Migration.get_all(self.context)
        self.assertEqual(('migration', '1'), (
            migration.migration_type, migration.new_flavor.flavorid))
        self.assertEqual('h2',
                         self.migrate_server.call_args.kwargs['host_name'])

    def test_refusals_write_nothing(self):
        for kwargs, error in (
                ({'flavor_id': '1'}, exception.CannotResizeToSameFlavor),
                ({'flavor_id': 'nope'}, exception.InvalidFlavorRef),
                ({'host_name': 'h9'}, exception.ComputeHostNotFound),
                ({'host_name': 'h1'}, exception.Invalid)):
            self.assertRaises(error, self.api.resize, self.context,
                              self.instance, **kwargs)
        self.instance = self._set(self.instance, vm_state=vm_states.PAUSED)
        self.assertRaises(exception.InstanceInvalidState, self.api.resize,
                          self.context, self.instance, flavor_id='2')
        self.assertEqual([], migration_obj.Migration.get_all(self.context))
        self.migrate_server.assert_not_called()

    def test_confirm_without_a_finished_move_is_409(self):
        self.instance = self._set(self.instance, vm_state=vm_states.RESIZED)
        error = self.assertRaises(exception.InstanceInvalidState,
                                  self.api.confirm_resize, self.context,
                                  self.instance)
        self.assertIn('migration status none finished',
                      error.format_message())
