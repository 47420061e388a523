"""Instance, InstanceList and InstanceFault on a real database."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import testtools

from minova.compute import task_states
from minova.compute import vm_states
from minova import context
from minova import exception
from minova import flavors
from minova.objects import instance as instance_obj
from minova.objects import instance_fault
from minova import rpc
from minova.tests import fixtures as minova_fixtures


class InstanceTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u',
                                              project_id='p1')
        self.flavor = flavors.bootstrap_flavors()[0]

    def _create(self, project_id='p1', **values):
        values.setdefault('vm_state', vm_states.BUILDING)
        values.setdefault('task_state', task_states.SCHEDULING)
        values.setdefault('metadata', {})
        instance = instance_obj.Instance(
            self.context, uuid=uuidutils.generate_uuid(),
            project_id=project_id, user_id='u', display_name='srv',
            flavor=self.flavor, **values)
        instance.create()
        return instance


class TestInstance(InstanceTestCase):

    def test_create_fills_in_what_the_database_gives(self):
        instance = self._create(metadata={'a': 'b'})
        self.assertIsInstance(instance.id, int)
        self.assertIsNotNone(instance.created_at)
        self.assertFalse(instance.deleted)
        self.assertIsNone(instance.host)
        self.assertEqual({}, instance.obj_get_changes())
        loaded = instance_obj.Instance.get_by_uuid(self.context,
                                                   instance.uuid)
        self.assertEqual({'a': 'b'}, loaded.metadata)
        self.assertEqual('m1.tiny', loaded.flavor.name)
        self.assertEqual(512, loaded.memory_mb)
        self.assertEqual(self.flavor.id, loaded.instance_type_id)

    def test_metadata_not_loaded_is_read_on_first_use_once(self):
        instance = self._create(metadata={'a': 'b'})
        loaded = instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid, expected_attrs=())
        self.assertFalse(loaded.obj_attr_is_set('metadata'))
        self.assertEqual({'a': 'b'}, loaded.metadata)
        self.assertTrue(loaded.obj_attr_is_set('metadata'))
        instance.destroy()
        # Loaded already: no second read (which would find it deleted).
        self.assertEqual({'a': 'b'}, loaded.metadata)

    def test_loaded_fields_have_their_types_and_nothing_changed(self):
        # Stored strings and integers are taken as they are; the other
        # types are coerced as the fields' setters would.
        created = self._create(access_ip_v4='10.1.2.3', metadata={'a': 'b'})
        [first] = instance_obj.InstanceList.get_by_filters(self.context)
        second = instance_obj.Instance.get_by_uuid(self.context,
                                                   created.uuid)
        self.assertEqual({}, first.obj_get_changes())
        self.assertEqual(datetime.timedelta(0), first.created_at.utcoffset())
        self.assertIs(False, first.deleted)
        self.assertIs(False, first.locked)
        self.assertEqual('10.1.2.3', str(first.access_ip_v4))
        self.assertNotIsInstance(first.access_ip_v4, str)
        self.assertEqual([], first.network_info)
        # Each instance has a flavor of its own.
        first.flavor.extra_specs['k'] = 'v'
        first.metadata['x'] = 'y'
        self.assertEqual({}, second.flavor.extra_specs)
        self.assertEqual({'a': 'b'}, second.metadata)
        self.assertEqual({}, second.flavor.obj_get_changes())

    def test_name_comes_from_the_template(self):
        instance = self._create()
        self.assertEqual('instance-%08x' % instance.id, instance.name)
        instance.name_template = 'vm-%d'
        self.assertEqual('vm-%d' % instance.id, instance.name)

    def test_save_with_the_expected_task_state(self):
        instance = self._create()
        instance.task_state = task_states.BLOCK_DEVICE_MAPPING
        instance.host = 'h1'
        instance.save(expected_task_state=task_states.SCHEDULING)
        loaded = instance_obj.Instance.get_by_uuid(self.context,
                                                   instance.uuid)
        self.assertEqual(('h1', 'block_device_mapping'),
                         (loaded.host, loaded.task_state))

    def test_save_in_another_task_state_changes_nothing(self):
        instance = self._create()
        instance.host = 'h1'
        e = self.assertRaises(exception.UnexpectedTaskStateError,
                              instance.save,
                              expected_task_state=task_states.SPAWNING)
        self.assertEqual(409, e.code)
        self.assertIn('spawning', str(e))
        self.assertIsNone(instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid).host)

    def test_save_of_an_instance_being_deleted(self):
        instance = self._create(task_state=task_states.DELETING)
        instance.vm_state = vm_states.ACTIVE
        self.assertRaises(exception.UnexpectedDeletingTaskStateError,
                          instance.save,
                          expected_task_state=task_states.SPAWNING)

    def test_expecting_no_task(self):
        instance = self._create(task_state=None)
        instance.task_state = task_states.DELETING
        instance.save(expected_task_state=[None])
        instance.task_state = None
        self.assertRaises(exception.UnexpectedTaskStateError, instance.save,
                          expected_task_state=[None])

    def test_expected_vm_state(self):
        instance = self._create()
        instance.task_state = None
        self.assertRaises(exception.UnexpectedVMStateError, instance.save,
                          expected_vm_state=vm_states.ACTIVE)

    def test_update_by_uuid_reads_nothing_and_guards_the_state(self):
        instance = self._create()
        instance_obj.Instance.update_by_uuid(
            self.context, instance.uuid,
            {'launched_at': timeutils.utcnow(), 'vm_state': 'active'},
            expected_task_state=task_states.SCHEDULING)
        self.assertEqual('active', instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid).vm_state)
        self.assertRaises(exception.InstanceNotFound,
                          instance_obj.Instance.update_by_uuid,
                          self.context, uuidutils.generate_uuid(),
                          {'host': 'x'})

    def test_updates_of_one_shape_share_a_statement_not_their_values(self):
        # The UPDATE is built once per shape (columns, expected states) and
        # reused: each use must write its own values to its own instance.
        first, second, third = self._create(), self._create(), self._create()
        for instance, host in ((first, 'h1'), (second, 'h2')):
            instance_obj.Instance.update_by_uuid(
                self.context, instance.uuid,
                {'host': host, 'task_state': task_states.SPAWNING},
                expected_task_state=[task_states.SCHEDULING, None])
        self.assertRaises(exception.UnexpectedTaskStateError,
                          instance_obj.Instance.update_by_uuid,
                          self.context, first.uuid,
                          {'host': 'h3', 'task_state': task_states.SPAWNING},
                          expected_task_state=[task_states.SCHEDULING, None])
        self.assertEqual(
            [('h1', task_states.SPAWNING), ('h2', task_states.SPAWNING),
             (None, task_states.SCHEDULING)],
            [(loaded.host, loaded.task_state) for loaded in (
                instance_obj.Instance.get_by_uuid(self.context, i.uuid)
                for i in (first, second, third))])

    def test_destroy_is_a_soft_delete(self):
        instance = self._create(metadata={'a': 'b'})
        instance.destroy()
        self.assertTrue(instance.deleted)
        self.assertEqual(vm_states.DELETED, instance.vm_state)
        self.assertRaises(exception.InstanceNotFound,
                          instance_obj.Instance.get_by_uuid, self.context,
                          instance.uuid)
        deleted = instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid, read_deleted=True)
        self.assertTrue(deleted.deleted)
        self.assertIsNotNone(deleted.terminated_at)
        self.assertRaises(exception.InstanceNotFound, instance.destroy)

    def test_fault_is_loaded_on_demand(self):
        instance = self._create()
        self.assertIsNone(instance.fault)
        instance_fault.InstanceFault.create_for_instance(
            self.context, instance.uuid, instance_fault.fault_values(
                exception.NoValidHost(reason='none fit'), host='h'))
        loaded = instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid, expected_attrs=('fault',))
        self.assertEqual('No valid host was found. none fit',
                         loaded.fault.message)
        self.assertEqual(500, loaded.fault.code)

    def test_travels_over_the_bus(self):
        instance = self._create(network_info=[{'id': 'v', 'network': {}}])
        serializer = rpc.RequestContextSerializer()
        primitive = serializer.serialize_entity(self.context, instance)
        back = serializer.deserialize_entity(self.context, primitive)
        self.assertEqual(instance.uuid, back.uuid)
        self.assertEqual('m1.tiny', back.flavor.name)
        self.assertEqual([{'id': 'v', 'network': {}}], back.network_info)

    def test_key_data_is_stored_and_dropped_for_a_1_1_reader(self):
        instance = self._create(key_name='k', key_data='ssh-ed25519 AAAA')
        loaded = instance_obj.Instance.get_by_uuid(self.context,
                                                   instance.uuid)
        self.assertEqual(('k', 'ssh-ed25519 AAAA'),
                         (loaded.key_name, loaded.key_data))
        data = loaded.obj_to_primitive(target_version='1.1')[
            'minova_object.data']
        self.assertNotIn('key_data', data)
        self.assertEqual('k', data['key_name'])


class TestFaultValues(testtools.TestCase):

    def test_minova_error_keeps_its_message_and_code(self):
        values = instance_fault.fault_values(
            exception.InvalidFlavorRef(reason='x'), host='h')
        self.assertEqual((400, 'Invalid flavorRef provided: x', 'h'),
                         (values['code'], values['message'], values['host']))

    def test_other_errors_are_named_by_class_only(self):
        try:
            raise ValueError('internal detail')
        except ValueError as e:
            import sys
            values = instance_fault.fault_values(e, exc_info=sys.exc_info())
        self.assertEqual('ValueError', values['message'])
        self.assertIn('internal detail', values['details'])
        self.assertEqual(500, values['code'])

    def test_long_messages_fit_the_column(self):
        values = instance_fault.fault_values(
            exception.NoValidHost(reason='x' * 400))
        self.assertEqual(255, len(values['message']))


class TestInstanceList(InstanceTestCase):

    def test_one_page_with_metadata_and_faults(self):
        created = [self._create(metadata={'i': str(i)}) for i in range(5)]
        instance_fault.InstanceFault.create_for_instance(
            self.context, created[0].uuid, {'code': 500, 'message': 'm'})
        page = instance_obj.InstanceList.get_by_filters(
            self.context, {'project_id': 'p1'}, limit=3,
            expected_attrs=('metadata', 'fault'))
        # Newest first.
        self.assertEqual([c.uuid for c in reversed(created)][:3],
                         [i.uuid for i in page])
        rest = instance_obj.InstanceList.get_by_filters(
            self.context, {'project_id': 'p1'}, marker=page[-1].uuid,
            expected_attrs=('metadata', 'fault'))
        self.assertEqual([created[1].uuid, created[0].uuid],
                         [i.uuid for i in rest])
        self.assertEqual({'i': '0'}, rest[-1].metadata)
        self.assertEqual('m', rest[-1].fault.message)
        self.assertIsNone(rest[0].fault)

    def test_first_page_and_marked_pages_sort_alike(self):
        # A first page is ordered on the table's columns, the next ones by
        # oslo.db's paginate_query: walked page by page, the order holds.
        names = ['d', 'b', 'e', 'a', 'c', 'b']
        created = [self._create(host=name) for name in names]
        for sort_dir in ('asc', 'desc'):
            pages, marker = [], None
            while True:
                page = instance_obj.InstanceList.get_by_filters(
                    self.context, {'project_id': 'p1'}, limit=2,
                    marker=marker, sort_keys=['host'],
                    sort_dirs=[sort_dir], expected_attrs=())
                pages += [i.uuid for i in page]
                if len(page) < 2:
                    break
                marker = page[-1].uuid
            expected = sorted(created, key=lambda i: (i.host, i.id),
                              reverse=sort_dir == 'desc')
            self.assertEqual([i.uuid for i in expected], pages)

    def test_filters(self):
        a = self._create(task_state=None, vm_state='active', host='h1')
        b = self._create(task_state=task_states.DELETING,
                         vm_state='active', host='h2')
        self._create(project_id='p2')

        def uuids(filters):
            return sorted(i.uuid for i in instance_obj.InstanceList
                          .get_by_filters(self.context, filters))

        self.assertEqual(sorted([a.uuid, b.uuid]),
                         uuids({'project_id': 'p1', 'vm_state': ['active']}))
        self.assertEqual([a.uuid], uuids({'task_state': [None, 'x'],
                                          'project_id': 'p1',
                                          'vm_state': 'active'}))
        self.assertEqual([b.uuid], uuids({'host': 'h2'}))
        self.assertEqual([], uuids({'vm_state': []}))
        self.assertEqual([a.uuid], uuids({'name': 'sr', 'host': 'h1'}))
        a.destroy()
        self.assertEqual([a.uuid], uuids({'deleted': True}))
        since = timeutils.utcnow() - datetime.timedelta(minutes=1)
        self.assertIn(a.uuid, uuids({'changes-since': since}))

    def test_bad_marker_and_sort_key(self):
        self.assertRaises(exception.MarkerNotFound,
                          instance_obj.InstanceList.get_by_filters,
                          self.context, {}, marker='nope')
        e = self.assertRaises(exception.ValidationError,
                              instance_obj.InstanceList.get_by_filters,
                              self.context, {}, sort_keys=['user_data'])
        self.assertIn('sort_key', str(e))

    def test_project_usage(self):
        self._create()
        self._create()
        self._create(project_id='p2')
        self.assertEqual((2, 2, 1024), instance_obj.InstanceList
                         .get_project_usage(self.context, 'p1'))
