"""The ``openstack`` CLI manages images over the all-in-one's Image API
(``/image``) and boots a server from an image by name, with the noauth2
recipe of doc/source/image_api.rst (``OS_IMAGE_ENDPOINT_OVERRIDE``)."""

import hashlib
import os

import fixtures
import testtools

from minova.tests.functional import cli
from minova.tests.functional import fixtures as func_fixtures


@cli.skip_unless_cli
class TestOpenStackImageCLI(cli.OpenStackCLIMixin, testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.api = self.cloud.api
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def cli_env(self):
        return {'OS_IMAGE_ENDPOINT_OVERRIDE':
                'http://127.0.0.1:%d/image' % self.cloud.port}

    def test_image_life_cycle_and_boot_by_name(self):
        data = os.urandom(200000)
        path = os.path.join(self.tmp, 'disk.img')
        with open(path, 'wb') as f:
            f.write(data)
        created = self.cli_json('image', 'create', '--file', path,
                                '--disk-format', 'raw', '--property',
                                'colour=red', 'disk')
        self.assertEqual(('disk', 'active', 200000,
                          hashlib.md5(data).hexdigest()), (
            created['name'], created['status'], created['size'],
            created['checksum']))
        self.assertEqual(['disk', 'minova-tiny'], sorted(
            i['Name'] for i in self.cli_json('image', 'list')))
        shown = self.cli_json('image', 'show', 'disk')
        self.assertEqual(created['id'], shown['id'])
        self.assertEqual('red', shown['properties']['colour'])
        self.assertEqual(hashlib.sha512(data).hexdigest(),
                         shown['properties']['os_hash_value'])

        self.cli('image', 'set', '--name', 'renamed', '--property',
                 'colour=blue', '--min-disk', '1', 'disk')
        shown = self.cli_json('image', 'show', 'renamed')
        self.assertEqual(('blue', 1), (shown['properties']['colour'],
                                       shown['min_disk']))

        self.cli('image', 'set', '--tag', 'gold', 'renamed')
        self.cli('image', 'unset', '--property', 'colour', 'renamed')
        shown = self.cli_json('image', 'show', 'renamed')
        self.assertEqual(['gold'], shown['tags'])
        self.assertNotIn('colour', shown['properties'])

        saved = os.path.join(self.tmp, 'saved.img')
        self.cli('image', 'save', '--file', saved, 'renamed')
        with open(saved, 'rb') as f:
            self.assertEqual(data, f.read())

        # The compute API's image proxy sees it too.
        self.assertEqual('renamed', self.api.get(
            '/images/%s' % created['id']).body['image']['name'])
        server = self.cli_json('server', 'create', '--flavor', '1',
                               '--image', 'renamed', '--wait', 'web')
        self.assertEqual('ACTIVE', server['status'])
        self.assertIn(created['id'], server['image'])

        self.cli('image', 'delete', 'renamed')
        self.assertEqual(['minova-tiny'], [
            i['Name'] for i in self.cli_json('image', 'list')])
        self.assertIn('renamed', self.cli_fails('image', 'show', 'renamed'))

    def test_projects_do_not_see_each_others_private_images(self):
        path = os.path.join(self.tmp, 'disk.img')
        with open(path, 'wb') as f:
            f.write(b'x' * 1000)
        self.cli_token = 'alice:alpha'
        created = self.cli_json('image', 'create', '--file', path,
                                '--private', 'alices')
        self.assertEqual(('private', 'alpha'), (created['visibility'],
                                                created['owner']))
        self.assertIn('alices', [i['Name'] for i in self.cli_json(
            'image', 'list')])
        self.cli_token = 'bob:beta'
        self.assertEqual(['minova-tiny'], [i['Name'] for i in self.cli_json(
            'image', 'list')])
        self.assertIn('alices', self.cli_fails('image', 'show', 'alices'))
        self.assertNotEqual(0, self.run_cli('image', 'delete',
                                            created['id']).returncode)
