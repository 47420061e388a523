"""compute.api.API on a real database; its casts go to a bus nobody
listens on (the conductor is another process)."""

import datetime

import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from minova.compute import api as compute_api
from minova.compute import task_states
from minova.compute import vm_states
from minova import context
from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova import flavors
from minova.image import local as local_image
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import keypair as keypair_obj
from minova import rpc
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes as scheduler_fakes


class ComputeAPITestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='fake:///%s' % uuidutils.generate_uuid())).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u', project_id='p1')
        flavors.bootstrap_flavors()
        self.image_id = local_image.bootstrap(self.conf,
                                              self.context.elevated())
        self.api = compute_api.API(self.conf, rpc.get_transport(self.conf))

    def _boot(self, **kwargs):
        kwargs.setdefault('flavor_id', '1')
        kwargs.setdefault('image_href', self.image_id)
        kwargs.setdefault('name', 'srv')
        context = kwargs.pop('context', self.context)
        return self.api.create(context, **kwargs)[0]

    def _set(self, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return self.api.get(self.context, instance.uuid)


class TestCreate(ComputeAPITestCase):

    def test_create_writes_the_build_in_one_go(self):
        [instance] = self._boot(metadata={'k': 'v'}, user_data='dXNlcg==',
                                scheduler_hints={'near': 'h1'},
                                block_device_mapping=[{
                                    'source_type': 'blank',
                                    'destination_type': 'local',
                                    'volume_size': 2, 'guest_format': 'swap',
                                    'boot_index': -1}])
        loaded = self.api.get(self.context, instance.uuid)
        self.assertEqual((vm_states.BUILDING, task_states.SCHEDULING, None),
                         (loaded.vm_state, loaded.task_state, loaded.host))
        self.assertEqual({'k': 'v'}, loaded.metadata)
        self.assertEqual(self.image_id, loaded.image_ref)
        with session.reader() as s:
            bdms = s.scalars(sa.select(models.BlockDeviceMapping).where(
                models.BlockDeviceMapping.instance_uuid == instance.uuid)
                .order_by(models.BlockDeviceMapping.id)).all()
            spec = s.scalars(sa.select(models.RequestSpec)).one()
        self.assertEqual([('image', 'local', 0), ('blank', 'local', None)],
                         [(b.source_type, b.destination_type, b.boot_index)
                          for b in bdms])
        self.assertEqual(instance.uuid, spec.instance_uuid)
        self.assertIn('"near": ["h1"]', spec.spec)
        [action] = instance_action.InstanceAction.get_by_instance_uuid(
            self.context, instance.uuid)
        self.assertEqual(('create', self.context.request_id),
                         (action.action, action.request_id))

    def test_flavor_by_url_and_image_by_url(self):
        [instance] = self._boot(
            flavor_id='2',
            image_href='http://x/v2/images/%s' % self.image_id)
        self.assertEqual('m1.small', instance.flavor.name)

    def test_disabled_and_private_flavors(self):
        flavors.create('hidden', 512, 1, 1, flavorid='hid', is_public=False)
        e = self.assertRaises(exception.InvalidFlavorRef, self._boot,
                              flavor_id='hid')
        self.assertIn('flavorRef', str(e))
        self._boot(flavor_id='hid', context=self.context.elevated())

    def test_image_must_be_active_and_fit(self):
        image = self.api.image_api.create(self.context, 'big', b'x',
                                          min_ram=4096)
        e = self.assertRaises(exception.FlavorMemoryTooSmall, self._boot,
                              image_href=image['id'])
        self.assertIn('4096', str(e))
        self._boot(image_href=image['id'], flavor_id='3')
        self.assertRaises(exception.InvalidImageRef, self._boot,
                          image_href='not-an-id')
        self.assertRaises(exception.ValidationError, self._boot,
                          image_href=None)

    def test_bad_block_device_mappings(self):
        for bdm, words in (
                ({'source_type': 'tape'}, 'source_type'),
                ({'source_type': 'volume', 'destination_type': 'volume',
                  'uuid': 'x', 'boot_index': 0}, 'needs the uuid'),
                ({'source_type': 'volume', 'destination_type': 'local',
                  'uuid': self.image_id}, 'needs destination_type volume'),
                ({'source_type': 'image', 'destination_type': 'volume',
                  'uuid': self.image_id, 'boot_index': 0},
                 'needs a volume_size'),
                ({'source_type': 'blank', 'volume_size': 0}, 'volume_size'),
                ({'source_type': 'blank', 'volume_size': 1,
                  'boot_index': 0}, 'cannot be booted')):
            e = self.assertRaises(exception.InvalidBDM, self._boot,
                                  block_device_mapping=[bdm])
            self.assertIn('block_device_mapping_v2', str(e))
            self.assertIn(words, str(e))

    def test_unknown_key_name_is_refused_by_name(self):
        e = self.assertRaises(exception.InvalidKeyName, self._boot,
                              key_name='mykey')
        self.assertEqual(400, e.code)
        self.assertIn('key_name', str(e))
        self.assertIn('mykey', str(e))
        self.assertEqual(0, self.count_instances())

    def test_key_name_of_another_user_is_refused(self):
        self._keypair('theirs', user_id='someone-else')
        e = self.assertRaises(exception.InvalidKeyName, self._boot,
                              key_name='theirs')
        self.assertIn('theirs', str(e))

    def test_key_name_copies_the_public_key_onto_the_instance(self):
        self._keypair('mine')
        [instance] = self._boot(key_name='mine')
        loaded = self.api.get(self.context, instance.uuid)
        self.assertEqual(('mine', 'ssh-ed25519 AAAA mine'),
                         (loaded.key_name, loaded.key_data))

    def _keypair(self, name, user_id='u'):
        keypair_obj.KeyPair(
            self.context, name=name, user_id=user_id, fingerprint='f',
            public_key='ssh-ed25519 AAAA %s' % name, type='ssh').create()

    @staticmethod
    def count_instances():
        with session.reader() as s:
            return s.scalar(sa.select(sa.func.count(models.Instance.id)))

    def test_multi_instance_display_name_template(self):
        [one] = self._boot(name='solo')
        self.assertEqual(('solo', 'solo'), (one.display_name, one.hostname))
        many = self._boot(name='Web Node', min_count=2, max_count=2)
        self.assertEqual([('Web Node-1', 'web-node-1'),
                          ('Web Node-2', 'web-node-2')],
                         [(i.display_name, i.hostname) for i in many])
        self.conf.set_override('multi_instance_display_name_template',
                               '%(name)s-%(uuid)s')
        many = self._boot(name='w', min_count=2, max_count=2)
        self.assertEqual(['w-' + i.uuid for i in many],
                         [i.display_name for i in many])
        # A template that does not format leaves the name asked.
        self.conf.set_override('multi_instance_display_name_template',
                               '%(name)s-%(nope)s')
        self.assertEqual(['x', 'x'], [i.display_name for i in self._boot(
            name='x', min_count=2, max_count=2)])

    def test_bad_counts(self):
        for kwargs in ({'min_count': 0}, {'max_count': 'x'},
                       {'min_count': 2, 'max_count': 1}):
            self.assertRaises(exception.ValidationError, self._boot,
                              **kwargs)

    def test_quota_counts_the_projects_live_instances(self):
        self.conf.set_override('instances', 2, group='quota')
        self._boot()
        self.assertEqual(1, len(self._boot(min_count=1, max_count=3)))
        e = self.assertRaises(exception.TooManyInstances, self._boot)
        self.assertEqual(
            'Quota exceeded for instances: Requested 1, but already used 2 '
            'of 2 instances', str(e))
        other = context.RequestContext(user_id='u', project_id='p2')
        self._boot(context=other)

    def test_without_limits_nothing_is_counted(self):
        for resource in ('instances', 'cores', 'ram'):
            self.conf.set_override(resource, -1, group='quota')
        counted = []
        self.useFixture(fixtures.MonkeyPatch(
            'minova.objects.instance.InstanceList.get_project_usage',
            lambda *args, **kwargs: counted.append(args) or (0, 0, 0)))
        self.assertEqual(3, len(self._boot(min_count=3, max_count=3)))
        self.assertEqual([], counted)
        self.conf.set_override('ram', 10 ** 6, group='quota')
        self._boot()
        self.assertEqual(2, len(counted))  # the check and the re-check

    def test_metadata_checks(self):
        self.assertRaises(exception.InvalidMetadata, self._boot,
                          metadata={'k': 1})
        self.assertRaises(exception.InvalidMetadata, self._boot,
                          metadata={'k' * 256: 'v'})
        self.assertRaises(exception.InvalidMetadata, self._boot,
                          metadata={'': 'v'})


class TestReadAndUpdate(ComputeAPITestCase):

    def test_other_projects_instances_are_not_found(self):
        [instance] = self._boot()
        other = context.RequestContext(user_id='v', project_id='p2')
        self.assertRaises(exception.InstanceNotFound, self.api.get, other,
                          instance.uuid)
        self.assertEqual([], list(self.api.get_all(other)))
        admin = other.elevated()
        self.assertEqual(instance.uuid,
                         self.api.get(admin, instance.uuid).uuid)
        self.assertEqual([], list(self.api.get_all(admin)))
        self.assertEqual([instance.uuid], [i.uuid for i in self.api.get_all(
            admin, {'all_tenants': True})])

    def test_get_all_by_flavor_and_image(self):
        [tiny] = self._boot()
        [small] = self._boot(flavor_id='2')
        self.assertEqual([small.uuid], [i.uuid for i in self.api.get_all(
            self.context, {'flavor': '2'})])
        self.assertEqual([], list(self.api.get_all(self.context,
                                                   {'flavor': 'nope'})))
        self.assertEqual(sorted([tiny.uuid, small.uuid]), sorted(
            i.uuid for i in self.api.get_all(
                self.context, {'image': self.image_id})))

    def test_rename(self):
        [instance] = self._boot()
        self.api.update(self.context, instance, display_name='renamed')
        self.assertEqual('renamed', self.api.get(self.context,
                                                 instance.uuid).display_name)
        self.assertRaises(exception.ValidationError, self.api.update,
                          self.context, instance, display_name='')

    def test_metadata_only_while_resting(self):
        [instance] = self._boot(metadata={'a': '1'})
        e = self.assertRaises(exception.InstanceInvalidState,
                              self.api.update_instance_metadata,
                              self.context, instance, {'b': '2'})
        self.assertEqual(409, e.code)
        instance = self._set(instance, vm_state=vm_states.ACTIVE,
                             task_state=None)
        self.assertEqual({'a': '1', 'b': '2'},
                         self.api.update_instance_metadata(
                             self.context, instance, {'b': '2'}))
        self.assertEqual({'c': '3'}, self.api.update_instance_metadata(
            self.context, instance, {'c': '3'}, delete=True))
        self.api.delete_instance_metadata(self.context, instance, 'c')
        self.assertEqual({}, self.api.get(self.context,
                                          instance.uuid).metadata)
        self.assertRaises(exception.MetadataKeyNotFound,
                          self.api.delete_instance_metadata, self.context,
                          instance, 'c')
        self.conf.set_override('metadata_items', 1, group='quota')
        self.assertRaises(exception.MetadataLimitExceeded,
                          self.api.update_instance_metadata, self.context,
                          instance, {'x': '1', 'y': '2'})


class TestDelete(ComputeAPITestCase):

    def test_never_scheduled_is_deleted_here(self):
        [instance] = self._boot()
        scheduler_fakes.create_compute('h1')
        node_id = scheduler_fakes.create_compute('h2')
        allocations.claim(node_id, instance.uuid,
                          {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1})
        self.api.network_api.allocate_for_instance(self.context, instance)
        self.api.delete(self.context, self.api.get(self.context,
                                                   instance.uuid))
        self.assertRaises(exception.InstanceNotFound, self.api.get,
                          self.context, instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        with session.reader() as s:
            self.assertEqual(0, s.execute(sa.select(sa.func.count()).select_from(
                models.FixedIP)).scalar())

    def test_on_a_host_it_goes_to_deleting_and_is_cast(self):
        [instance] = self._boot()
        scheduler_fakes.create_compute('h1')
        instance = self._set(instance, host='h1', node='h1',
                             vm_state=vm_states.ACTIVE, task_state=None)
        cast = self.useFixture(fixtures.MockPatchObject(
            self.api.compute_rpcapi, 'terminate_instance')).mock
        self.api.delete(self.context, instance)
        loaded = self.api.get(self.context, instance.uuid)
        self.assertEqual(task_states.DELETING, loaded.task_state)
        self.assertEqual(
            ['delete', 'create'],
            [a.action for a in instance_action.InstanceAction
             .get_by_instance_uuid(self.context, instance.uuid)])
        # Again: no new action, the cast again (the first may be lost).
        self.api.delete(self.context, loaded)
        self.assertEqual(2, len(instance_action.InstanceAction
                                .get_by_instance_uuid(self.context,
                                                      instance.uuid)))
        self.assertEqual(2, cast.call_count)

    def test_on_a_host_that_is_down_it_is_deleted_here(self):
        [instance] = self._boot()
        node_id = scheduler_fakes.create_compute(
            'h1', last_seen_up=timeutils.utcnow() - datetime.timedelta(
                seconds=self.conf.service_down_time + 1))
        allocations.claim(node_id, instance.uuid,
                          {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1})
        instance = self._set(instance, host='h1', node='h1',
                             vm_state=vm_states.ACTIVE, task_state=None)
        self.api.delete(self.context, instance)
        self.assertRaises(exception.InstanceNotFound, self.api.get,
                          self.context, instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))

    def test_a_stale_copy_is_looked_at_again(self):
        [instance] = self._boot()
        scheduler_fakes.create_compute('h1')
        fresh = self._set(self.api.get(self.context, instance.uuid),
                          task_state=task_states.SPAWNING, host='h1')
        self.assertEqual('h1', fresh.host)
        self.api.delete(self.context, instance)  # its copy says scheduling
        self.assertEqual(task_states.DELETING, self.api.get(
            self.context, instance.uuid).task_state)

    def test_locked_instances_need_an_admin(self):
        [instance] = self._boot()
        instance = self._set(instance, locked=True)
        e = self.assertRaises(exception.InstanceIsLocked, self.api.delete,
                              self.context, instance)
        self.assertEqual(409, e.code)
        self.api.delete(self.context.elevated(), instance)
        self.assertRaises(exception.InstanceNotFound, self.api.get,
                          self.context, instance.uuid)

    def test_instance_actions(self):
        [instance] = self._boot()
        actions_api = compute_api.InstanceActionAPI()
        [action] = actions_api.actions_get(self.context, instance)
        self.assertEqual('create', action.action)
        shown = actions_api.action_get_by_request_id(
            self.context, instance, self.context.request_id)
        self.assertEqual([], shown.events)
        self.assertRaises(exception.InstanceActionNotFound,
                          actions_api.action_get_by_request_id,
                          self.context, instance, 'req-nope')
        self.assertIsInstance(instance_obj.Instance.get_by_uuid(
            self.context, instance.uuid), instance_obj.Instance)
