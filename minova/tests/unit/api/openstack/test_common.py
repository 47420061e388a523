"""minova.api.openstack.common: Nova's status map, paging and links."""

import testtools
import webob.exc

from minova.api.openstack import common
from minova.api import wsgi
from minova.tests import fixtures as minova_fixtures


class TestStatus(testtools.TestCase):

    def test_status_from_state(self):
        for vm_state, task_state, status in (
                ('building', 'scheduling', 'BUILD'),
                ('building', None, 'BUILD'),
                ('active', None, 'ACTIVE'),
                ('active', 'deleting', 'ACTIVE'),
                ('active', 'rebooting', 'REBOOT'),
                ('active', 'rebooting_hard', 'HARD_REBOOT'),
                ('stopped', None, 'SHUTOFF'),
                ('paused', None, 'PAUSED'),
                ('suspended', None, 'SUSPENDED'),
                ('error', None, 'ERROR'),
                ('error', 'deleting', 'ERROR'),
                ('deleted', None, 'DELETED'),
                ('shelved', None, 'SHELVED'),
                ('shelved_offloaded', None, 'SHELVED_OFFLOADED'),
                ('nonsense', None, 'UNKNOWN')):
            self.assertEqual(status,
                             common.status_from_state(vm_state, task_state),
                             (vm_state, task_state))

    def test_task_and_vm_state_from_status(self):
        self.assertEqual((['active'], ['default']),
                         common.task_and_vm_state_from_status(['ACTIVE']))
        self.assertEqual((['active'], ['rebooting']),
                         common.task_and_vm_state_from_status([' reboot ']))
        self.assertEqual((['building', 'error'], ['default']),
                         common.task_and_vm_state_from_status(
                             ['BUILD', 'error']))
        self.assertEqual(([], []),
                         common.task_and_vm_state_from_status(['FOO']))


class TestPaging(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'api.max_limit': 10})).conf

    def limit_and_marker(self, query):
        req = wsgi.Request.blank('/servers?' + query)
        req.environ[wsgi.ENV_CONF] = self.conf
        return common.get_limit_and_marker(req)

    def test_limit_capped_by_max_limit(self):
        self.assertEqual((10, None), self.limit_and_marker(''))
        self.assertEqual((3, 'm'), self.limit_and_marker('limit=3&marker=m'))
        self.assertEqual((10, None), self.limit_and_marker('limit=50'))

    def test_limit_0_asks_for_nothing_as_in_nova(self):
        self.assertEqual((0, None), self.limit_and_marker('limit=0'))
        # Cinder's lists (zero_is_max) answer a full page instead.
        req = wsgi.Request.blank('/volumes?limit=0')
        req.environ[wsgi.ENV_CONF] = self.conf
        self.assertEqual((10, None),
                         common.get_limit_and_marker(req, zero_is_max=True))

    def test_bad_limit(self):
        for query, message in (('limit=abc', 'must be an integer'),
                               ('limit=-2', 'must be positive')):
            exc = self.assertRaises(webob.exc.HTTPBadRequest,
                                    self.limit_and_marker, query)
            self.assertIn(message, exc.explanation)


class TestHrefs(testtools.TestCase):

    def test_remove_trailing_version(self):
        for href, expected in (
                ('http://h:8774/v2.1', 'http://h:8774'),
                ('http://h/compute/v2.1', 'http://h/compute'),
                ('http://h/v2', 'http://h')):
            self.assertEqual(expected,
                             common.remove_trailing_version_from_href(href))
        self.assertRaises(ValueError,
                          common.remove_trailing_version_from_href,
                          'http://h/compute')

    def test_get_id_from_href(self):
        for href in ('42', 'http://h/v2.1/flavors/42',
                     'http://h/v2.1/p/flavors/42?x=1', 42):
            self.assertEqual('42', common.get_id_from_href(href))


class TestDbId(testtools.TestCase):
    def test_ids_a_column_holds(self):
        self.assertEqual(0, common.db_id('0'))
        self.assertEqual(common.MAX_DB_ID, common.db_id(str(common.MAX_DB_ID)))

    def test_ids_no_row_can_have_are_none(self):
        for value in ('-1', str(common.MAX_DB_ID + 1), '9' * 40):
            self.assertIsNone(common.db_id(value))

    def test_not_an_integer_is_none(self):
        self.assertIsNone(common.db_id('x'))
