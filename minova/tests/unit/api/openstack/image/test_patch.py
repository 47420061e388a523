"""Glance's JSON patch of an image, turned into the back end's fields."""

import datetime

import testtools
import webob

from minova.api.openstack.image import lists
from minova.api.openstack.image import patch
from minova.api.openstack.image.views import images as views
from minova import exception

WHEN = datetime.datetime(2024, 5, 1, 12, 30, 15)


def _image(**fields):
    image = {'id': 'i1', 'name': 'disk', 'status': 'active',
             'visibility': 'private', 'protected': False, 'checksum': 'md5',
             'os_hash_algo': 'sha512', 'os_hash_value': 'h', 'owner': 'p1',
             'size': 3, 'min_ram': 0, 'min_disk': 0, 'disk_format': 'raw',
             'container_format': 'bare', 'created_at': WHEN,
             'updated_at': None, 'tags': ['t'],
             'properties': {'colour': 'red'}}
    image.update(fields)
    return image


class TestPatch(testtools.TestCase):

    def test_core_properties_and_tags(self):
        values = patch.changes(_image(), [
            {'op': 'replace', 'path': '/name', 'value': 'new'},
            {'op': 'add', 'path': '/min_ram', 'value': 512},
            {'op': 'add', 'path': '/a~1b', 'value': 'x'},
            {'op': 'remove', 'path': '/colour'},
            {'op': 'replace', 'path': '/tags', 'value': ['b', 'a', 'b']}])
        self.assertEqual({'name': 'new', 'min_ram': 512, 'tags': ['b', 'a'],
                          'properties': {'a/b': 'x'}}, values)

    def test_nothing_changed_is_no_values(self):
        self.assertEqual({}, patch.changes(_image(), [
            {'op': 'add', 'path': '/colour', 'value': 'red'}]))

    def test_refusals_as_glance(self):
        for operation, error in (
                ({'op': 'replace', 'path': '/status', 'value': 'x'},
                 exception.Forbidden),
                ({'op': 'replace', 'path': '/id', 'value': 'x'},
                 exception.Forbidden),
                ({'op': 'add', 'path': '/deleted', 'value': 'x'},
                 exception.Forbidden),
                ({'op': 'remove', 'path': '/min_disk'}, exception.Forbidden),
                ({'op': 'replace', 'path': '/disk_format', 'value': 'iso'},
                 exception.Forbidden),
                ({'op': 'replace', 'path': '/owner', 'value': 'p2'},
                 exception.Forbidden),
                ({'op': 'remove', 'path': '/nosuch'}, exception.Conflict),
                ({'op': 'replace', 'path': '/nosuch', 'value': 'x'},
                 exception.Conflict),
                ({'op': 'replace', 'path': '/protected', 'value': 'yes'},
                 exception.ValidationError),
                ({'op': 'add', 'path': '/colour', 'value': 3},
                 exception.ValidationError),
                ({'op': 'add', 'path': '/tags/0', 'value': 'x'},
                 exception.ValidationError),
                ({'op': 'add', 'path': '/name'}, exception.ValidationError)):
            self.assertRaises(error, patch.changes, _image(), [operation])

    def test_queued_formats_and_admin_owner(self):
        self.assertEqual({'disk_format': 'iso'}, patch.changes(
            _image(status='queued'),
            [{'op': 'replace', 'path': '/disk_format', 'value': 'iso'}]))
        self.assertEqual({'owner': 'p2'}, patch.changes(
            _image(), [{'op': 'replace', 'path': '/owner', 'value': 'p2'}],
            is_admin=True))


class TestViews(testtools.TestCase):

    def test_image_in_glance_fields(self):
        view = views.image(_image(checksum=None, size=None))
        self.assertEqual('red', view['colour'])
        self.assertEqual(('2024-05-01T12:30:15Z', '2024-05-01T12:30:15Z'),
                         (view['created_at'], view['updated_at']))
        self.assertEqual(('/v2/images/i1', '/v2/images/i1/file',
                          '/v2/schemas/image'),
                         (view['self'], view['file'], view['schema']))
        self.assertIsNone(view['size'])
        self.assertIsNone(view['checksum'])
        self.assertIsNone(view['virtual_size'])
        self.assertFalse(view['os_hidden'])

    def test_next_link_only_for_a_full_page(self):
        req = webob.Request.blank('/v2/images?limit=2&name=x&marker=m')
        body = views.images(req, [_image(id='a'), _image(id='b')], 2)
        self.assertEqual('/v2/images?limit=2&name=x', body['first'])
        self.assertEqual('/v2/images?limit=2&name=x&marker=b', body['next'])
        body = views.images(req, [_image(id='a')], 2)
        self.assertNotIn('next', body)


class TestListQuery(testtools.TestCase):

    def query(self, qs):
        return lists.parse(webob.Request.blank('/v2/images?' + qs))

    def test_defaults(self):
        query = self.query('')
        self.assertEqual((25, None, ['created_at'], ['desc'], {}), (
            query.limit, query.marker, query.sort_keys, query.sort_dirs,
            query.filters))

    def test_sorts(self):
        query = self.query('sort=name:asc,size')
        self.assertEqual((['name', 'size'], ['asc', 'desc']),
                         (query.sort_keys, query.sort_dirs))
        query = self.query('sort_key=name&sort_key=size&sort_dir=asc')
        self.assertEqual((['name', 'size'], ['asc', 'asc']),
                         (query.sort_keys, query.sort_dirs))
        for bad in ('sort=colour', 'sort=name:up', 'sort=name&sort_key=id',
                    'sort_key=a', 'sort_key=name&sort_key=id&sort_dir=asc'
                    '&sort_dir=asc&sort_dir=desc', 'limit=-1', 'limit=x',
                    'visibility=everyone', 'member_status=maybe'):
            self.assertRaises(exception.ValidationError, self.query, bad)

    def test_filters(self):
        query = self.query('name=a&visibility=all&limit=5000&tag=t&colour=red'
                           '&size_min=2&protected=false')
        self.assertEqual(1000, query.limit)
        self.assertEqual({'name': 'a', 'visibility': 'all',
                          'protected': False}, query.filters)
        self.assertTrue(query.matches(_image()))
        self.assertFalse(query.matches(_image(tags=[])))
        self.assertFalse(query.matches(_image(size=1)))
        self.assertFalse(query.matches(_image(properties={})))
        self.assertFalse(self.query('os_hidden=true').matches(_image()))
