"""KeyPair and KeyPairList on a real database: names are unique per user,
users never see each other's keypairs, pages follow the name order."""

import testtools

from minova import context
from minova import exception
from minova.objects import keypair as keypair_obj
from minova.tests import fixtures as minova_fixtures


class TestKeyPair(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.context = context.RequestContext(user_id='u1', project_id='p')

    def _create(self, name, user_id='u1'):
        keypair = keypair_obj.KeyPair(
            self.context, name=name, user_id=user_id, fingerprint='f',
            public_key='ssh-ed25519 AAAA %s' % name, type='ssh')
        keypair.create()
        return keypair

    def test_create_and_get(self):
        created = self._create('k1')
        self.assertIsInstance(created.id, int)
        self.assertIsNotNone(created.created_at)
        loaded = keypair_obj.KeyPair.get_by_name(self.context, 'u1', 'k1')
        self.assertEqual((created.id, 'ssh-ed25519 AAAA k1', 'ssh', False,
                          None),
                         (loaded.id, loaded.public_key, loaded.type,
                          loaded.deleted, loaded.deleted_at))

    def test_names_are_unique_per_user(self):
        self._create('k1')
        e = self.assertRaises(exception.KeyPairExists, self._create, 'k1')
        self.assertEqual(409, e.code)
        self.assertIn("'k1'", str(e))
        self._create('k1', user_id='u2')  # another user's name space

    def test_another_users_keypair_is_not_found(self):
        self._create('k1', user_id='u2')
        e = self.assertRaises(exception.KeypairNotFound,
                              keypair_obj.KeyPair.get_by_name,
                              self.context, 'u1', 'k1')
        self.assertEqual(404, e.code)
        self.assertRaises(exception.KeypairNotFound,
                          keypair_obj.KeyPair.destroy_by_name,
                          self.context, 'u1', 'k1')
        keypair_obj.KeyPair.get_by_name(self.context, 'u2', 'k1')

    def test_destroy(self):
        self._create('k1')
        keypair_obj.KeyPair.destroy_by_name(self.context, 'u1', 'k1')
        self.assertRaises(exception.KeypairNotFound,
                          keypair_obj.KeyPair.get_by_name,
                          self.context, 'u1', 'k1')
        self._create('k1')  # the name is free again

    def test_list_pages_by_name(self):
        for name in ('c', 'a', 'b', 'd'):
            self._create(name)
        self._create('a0', user_id='u2')
        get = keypair_obj.KeyPairList.get_by_user
        self.assertEqual(['a', 'b', 'c', 'd'],
                         [k.name for k in get(self.context, 'u1')])
        self.assertEqual(['a', 'b'],
                         [k.name for k in get(self.context, 'u1', limit=2)])
        self.assertEqual(['c'], [k.name for k in get(
            self.context, 'u1', limit=1, marker='b')])
        self.assertEqual(4, keypair_obj.KeyPairList.get_count_by_user(
            self.context, 'u1'))

    def test_marker_must_be_one_of_the_users_keypairs(self):
        self._create('a0', user_id='u2')
        e = self.assertRaises(exception.MarkerNotFound,
                              keypair_obj.KeyPairList.get_by_user,
                              self.context, 'u1', marker='a0')
        self.assertEqual(400, e.code)
