"""/servers: Nova's request and response formats, validation and filters."""

from unittest import mock

import testtools

from minova.api.openstack.compute import servers
from minova.objects import instance as instance_obj
from minova.api import wsgi
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.api.openstack.compute import base

NETWORK_INFO = [{
    'id': 'vif-1', 'address': 'fa:16:3e:00:00:01',
    'network': {'label': 'private', 'subnets': [{
        'cidr': '10.0.0.0/16', 'version': 4,
        'ips': [{'address': '10.0.0.5', 'type': 'fixed', 'version': 4}]}]}}]


class TestGeneratePassword(testtools.TestCase):

    def test_length_and_symbols(self):
        for length in (1, 12, 100):
            password = servers.generate_password(length)
            self.assertEqual(length, len(password))
            self.assertTrue(set(password) <= set(servers._PASSWORD_SYMBOLS))

    def test_bytes_that_would_bias_it_are_dropped(self):
        symbols = servers._PASSWORD_SYMBOLS
        biased = bytes([servers._PASSWORD_BYTE_LIMIT, 255]) * 12
        fair = bytes(range(24))
        with mock.patch('secrets.token_bytes',
                        side_effect=[biased, fair]) as token_bytes:
            self.assertEqual(symbols[:12], servers.generate_password(12))
        self.assertEqual(2, token_bytes.call_count)

    def test_one_read_of_the_random_source(self):
        with mock.patch('secrets.token_bytes',
                        return_value=bytes(range(24))) as token_bytes:
            servers.generate_password(12)
        token_bytes.assert_called_once_with(24)


class TestCreate(base.APITestCase):

    def test_answer_202_with_id_links_password_and_location(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'web', 'imageRef': self.image_id, 'flavorRef': '1'}})
        self.assertEqual(202, resp.status_int)
        server = resp.json['server']
        self.assertEqual({'id', 'links', 'adminPass', 'OS-DCF:diskConfig',
                          'security_groups'}, set(server))
        self.assertEqual([
            {'rel': 'self',
             'href': 'http://localhost/v2.1/servers/%s' % server['id']},
            {'rel': 'bookmark',
             'href': 'http://localhost/servers/%s' % server['id']}],
            server['links'])
        self.assertEqual(server['links'][0]['href'],
                         resp.headers['Location'])
        self.assertEqual(servers.PASSWORD_LENGTH, len(server['adminPass']))
        instance = instance_obj.Instance.get_by_uuid(self.admin_context,
                                                     server['id'])
        self.assertEqual(('building', 'scheduling', 'web', 'demo', 'demo'),
                         (instance.vm_state, instance.task_state,
                          instance.display_name, instance.user_id,
                          instance.project_id))

    def test_admin_pass_security_groups_and_flavor_href(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'web', 'imageRef': self.image_id,
            'flavorRef': 'http://localhost/v2.1/flavors/2',
            'adminPass': 'secret', 'security_groups': [{'name': 'web'}],
            'min_count': '1', 'config_drive': True}})
        self.assertEqual(202, resp.status_int, resp.text)
        self.assertEqual('secret', resp.json['server']['adminPass'])
        self.assertEqual([{'name': 'web'}],
                         resp.json['server']['security_groups'])
        shown = self.request('/servers/%s' % resp.json['server']['id']).json
        self.assertEqual('2', shown['server']['flavor']['id'])
        self.assertEqual('True', shown['server']['config_drive'])

    def test_project_id_in_the_url_is_in_the_links(self):
        # Nova's optional project id segment (hex and dashes).
        resp = self.request('/abc123/servers', 'POST', {'server': {
            'name': 'web', 'imageRef': self.image_id, 'flavorRef': '1'}},
            token='demo:abc123')
        self.assertEqual(202, resp.status_int, resp.text)
        server_id = resp.json['server']['id']
        self.assertEqual(
            'http://localhost/v2.1/abc123/servers/%s' % server_id,
            resp.headers['Location'])
        self.assertEqual('http://localhost/abc123/servers/%s' % server_id,
                         resp.json['server']['links'][1]['href'])
        # Without it in the URL, the links have none either.
        links = self.request('/servers', token='demo:abc123').json[
            'servers'][0]['links']
        self.assertEqual('http://localhost/v2.1/servers/%s' % server_id,
                         links[0]['href'])

    def test_multi_create(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'many', 'imageRef': self.image_id, 'flavorRef': '1',
            'min_count': 2, 'max_count': 4}})
        self.assertEqual(202, resp.status_int)
        self.assertEqual(4, self.count_rows()['instances'])

    def test_max_count_trimmed_by_quota_but_not_below_min_count(self):
        self.conf.set_override('instances', 3, group='quota')
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'many', 'imageRef': self.image_id, 'flavorRef': '1',
            'min_count': 2, 'max_count': 5}})
        self.assertEqual(202, resp.status_int)
        self.assertEqual(3, self.count_rows()['instances'])
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'many', 'imageRef': self.image_id, 'flavorRef': '1',
            'min_count': 1}})
        self.assertFault(resp, 403, 'Quota exceeded for instances',
                         'already used 3 of 3')

    def test_return_reservation_id(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'r', 'imageRef': self.image_id, 'flavorRef': '1',
            'return_reservation_id': 'true'}})
        self.assertEqual(202, resp.status_int)
        self.assertEqual(['reservation_id'], list(resp.json))
        self.assertNotIn('Location', resp.headers)

    def test_block_device_mapping_v2_blank_disk(self):
        server_id = self.create_server(block_device_mapping_v2=[{
            'source_type': 'blank', 'destination_type': 'local',
            'boot_index': '-1', 'volume_size': '2',
            'delete_on_termination': 'true'}])
        self.assertEqual(2, self.count_rows()['block_device_mapping'])
        self.assertTrue(server_id)

    def test_networks_list(self):
        network_id = self.request('/os-networks').json['networks'][0]['id']
        self.create_server(networks=[{'uuid': network_id}])

    def test_networks_auto_and_none_are_2_37s(self):
        self.useFixture(minova_fixtures.MicroversionCeiling('2.37'))
        self.app = wsgi.init_application(self.conf)
        body = {'name': 'n', 'imageRef': self.image_id, 'flavorRef': '1'}
        for networks in ('none', 'auto'):
            resp = self.request('/servers', 'POST', {'server': dict(
                body, networks=networks)})
            self.assertFault(resp, 400, 'networks')
            resp = self.request('/servers', 'POST', {'server': dict(
                body, networks=networks)}, headers={
                'OpenStack-API-Version': 'compute 2.37'})
            self.assertEqual(202, resp.status_int, resp.text)
        resp = self.request('/servers', 'POST', {'server': body}, headers={
            'OpenStack-API-Version': 'compute 2.37'})
        self.assertFault(resp, 400, "'networks' is a required property")

    def test_user_data_base64(self):
        self.create_server(user_data='aGVsbG8=')

    def test_name_of_255_characters(self):
        server_id = self.create_server(name='n' * 255)
        self.assertEqual('n' * 255, self.request(
            '/servers/%s' % server_id).json['server']['name'])


class TestRefusedCreate(base.APITestCase):
    """Each refusal names the problem and writes nothing."""

    def setUp(self):
        super().setUp()
        rows = self.count_rows()
        self.addCleanup(lambda: self.assertEqual(rows, self.count_rows()))

    def post(self, **fields):
        server = {'name': 'x', 'imageRef': self.image_id, 'flavorRef': '1'}
        server.update(fields)
        return self.request('/servers', 'POST',
                            {'server': {k: v for k, v in server.items()
                                        if v is not None}})

    def test_unknown_flavor(self):
        self.assertFault(self.post(flavorRef='42'), 400,
                         'Invalid flavorRef provided', '42')

    def test_unknown_image(self):
        image = '11111111-2222-3333-4444-555555555555'
        self.assertFault(self.post(imageRef=image), 400,
                         'Invalid imageRef provided', image)

    def test_no_image(self):
        self.assertFault(self.post(imageRef=None), 400, 'imageRef')

    def test_image_too_big_for_the_flavor(self):
        image = base.local_image.LocalImageAPI(self.conf).create(
            self.admin_context, 'big', b'x', min_disk=50)
        self.assertFault(self.post(imageRef=image['id']), 400,
                         'flavorRef', '50')

    def test_malformed_json(self):
        resp = self.request('/servers', 'POST', raw=b'{"server": ')
        self.assertFault(resp, 400, 'Malformed request body')

    def test_missing_name(self):
        self.assertFault(self.post(name=None), 400, 'name')

    def test_long_name(self):
        self.assertFault(self.post(name='n' * 256), 400, 'name',
                         'is too long')

    def test_trailing_whitespace_in_name(self):
        self.assertFault(self.post(name='x '), 400, 'name')

    def test_unknown_field(self):
        self.assertFault(self.post(foo=1), 400, "'foo' was unexpected")

    def test_unknown_top_level_field(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'x', 'imageRef': self.image_id, 'flavorRef': '1'},
            'extra': 1})
        self.assertFault(resp, 400, "'extra' was unexpected")

    def test_min_count_greater_than_max_count(self):
        self.assertFault(self.post(min_count=2, max_count=1), 400,
                         'min_count must be <= max_count')

    def test_counts_must_be_positive(self):
        self.assertFault(self.post(min_count=0), 400, 'min_count')
        self.assertFault(self.post(max_count='0'), 400, 'max_count')
        self.assertFault(self.post(max_count='two'), 400, 'max_count')

    def test_over_quota_names_the_resource_and_numbers(self):
        self.conf.set_override('ram', 1000, group='quota')
        self.assertFault(self.post(min_count=2), 403,
                         'Quota exceeded for ram', 'Requested 1024',
                         'used 0 of 1000')

    def test_metadata_over_quota(self):
        self.conf.set_override('metadata_items', 1, group='quota')
        self.assertFault(self.post(metadata={'a': '1', 'b': '2'}), 403,
                         'Maximum number of metadata items exceeds 1')

    def test_metadata_value_not_a_string(self):
        self.assertFault(self.post(metadata={'a': 1}), 400,
                         'field/attribute a', "not of type 'string'")

    def test_unknown_key_name(self):
        self.assertFault(self.post(key_name='mykey'), 400, 'mykey')

    def test_bad_user_data(self):
        self.assertFault(self.post(user_data='abc'), 400, 'user_data')

    def test_bad_access_ip(self):
        self.assertFault(self.post(accessIPv4='1.2.3'), 400, 'accessIPv4')

    def test_bad_block_device_mapping(self):
        self.assertFault(self.post(block_device_mapping_v2=[
            {'source_type': 'floppy'}]), 400, 'source_type')
        self.assertFault(self.post(block_device_mapping_v2=[
            {'source_type': 'volume', 'destination_type': 'volume',
             'uuid': 'abc', 'boot_index': 0}]), 400,
            'block_device_mapping_v2')

    def test_non_admin_private_flavor(self):
        base.flavors.create('private', 512, 1, 1, flavorid='p1',
                            is_public=False)
        self.assertFault(self.post(flavorRef='p1'), 400, 'p1')


class TestShowAndList(base.APITestCase):

    def test_show_building_server(self):
        server_id = self.create_server(name='b', metadata={'k': 'v'})
        server = self.request('/servers/%s' % server_id).json['server']
        self.assertEqual('BUILD', server['status'])
        self.assertEqual({'k': 'v'}, server['metadata'])
        self.assertEqual('', server['hostId'])
        self.assertEqual({}, server['addresses'])
        self.assertEqual(0, server['progress'])
        self.assertEqual('scheduling', server['OS-EXT-STS:task_state'])
        self.assertEqual(server['created'], server['updated'])
        self.assertNotIn('OS-EXT-SRV-ATTR:host', server)
        self.assertNotIn('fault', server)
        self.assertEqual({
            'id': self.image_id, 'links': [{
                'rel': 'bookmark',
                'href': 'http://localhost/images/%s' % self.image_id}]},
            server['image'])
        self.assertEqual({'id': '1', 'links': [{
            'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}]},
            server['flavor'])

    def test_show_active_server_keys_as_nova(self):
        server_id = self.create_server()
        self.make_active(server_id, network_info=NETWORK_INFO)
        server = self.request('/servers/%s' % server_id,
                              token=base.ADMIN).json['server']
        self.assertEqual({
            'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata',
            'hostId', 'image', 'flavor', 'created', 'updated', 'addresses',
            'accessIPv4', 'accessIPv6', 'links', 'OS-DCF:diskConfig',
            'progress', 'key_name', 'config_drive',
            'OS-EXT-AZ:availability_zone', 'OS-EXT-STS:vm_state',
            'OS-EXT-STS:task_state', 'OS-EXT-STS:power_state',
            'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
            'security_groups', 'os-extended-volumes:volumes_attached',
            'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:hypervisor_hostname',
            'OS-EXT-SRV-ATTR:instance_name'}, set(server))
        self.assertEqual('ACTIVE', server['status'])
        self.assertEqual({'private': [{
            'version': 4, 'addr': '10.0.0.5', 'OS-EXT-IPS:type': 'fixed',
            'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01'}]},
            server['addresses'])
        self.assertEqual('host1', server['OS-EXT-SRV-ATTR:host'])
        self.assertRegex(server['OS-EXT-SRV-ATTR:instance_name'],
                         r'^instance-[0-9a-f]{8}$')
        self.assertRegex(server['OS-SRV-USG:launched_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
        self.assertRegex(server['created'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual(56, len(server['hostId']))

    def test_error_server_shows_its_fault(self):
        server_id = self.create_server()
        self.set_state(server_id, vm_state='error', task_state=None)
        self.add_fault(server_id, 'No valid host was found. ')
        server = self.request('/servers/%s' % server_id).json['server']
        self.assertEqual('ERROR', server['status'])
        self.assertEqual({'code', 'message', 'created'}, set(server['fault']))
        self.assertNotIn('progress', server)
        admin = self.request('/servers/%s' % server_id,
                             token=base.ADMIN).json['server']
        self.assertEqual('Traceback...', admin['fault']['details'])

    def test_fault_details_of_a_non_500_are_for_all(self):
        server_id = self.create_server()
        self.set_state(server_id, vm_state='error', task_state=None)
        self.add_fault(server_id, 'bad image', code=400, details='why')
        self.assertEqual('why', self.request(
            '/servers/%s' % server_id).json['server']['fault']['details'])

    def test_other_projects_server_is_404(self):
        server_id = self.create_server()
        resp = self.request('/servers/%s' % server_id, token='eve:evil')
        self.assertFault(resp, 404, server_id)
        self.assertEqual(200, self.request('/servers/%s' % server_id,
                                           token=base.ADMIN).status_int)

    def test_unknown_and_malformed_ids_are_404(self):
        for server_id in ('c2b0d8b6-3c3e-4e0e-9bd2-4a1d3b2c1d0e', 'nope'):
            self.assertFault(self.request('/servers/%s' % server_id), 404,
                             server_id)

    def test_index_is_id_name_links(self):
        server_id = self.create_server(name='one')
        self.assertEqual({'servers': [{
            'id': server_id, 'name': 'one', 'links': [
                {'rel': 'self',
                 'href': 'http://localhost/v2.1/servers/%s' % server_id},
                {'rel': 'bookmark',
                 'href': 'http://localhost/servers/%s' % server_id}]}]},
            self.request('/servers').json)

    def test_paging(self):
        ids = [self.create_server(name='s%d' % i) for i in range(3)]
        body = self.request('/servers?limit=2').json
        self.assertEqual(ids[::-1][:2], [s['id'] for s in body['servers']])
        self.assertEqual(
            [{'rel': 'next', 'href': 'http://localhost/v2.1/servers?'
              'limit=2&marker=%s' % ids[1]}], body['servers_links'])
        body = self.request('/servers/detail?limit=2&marker=%s'
                            % ids[1]).json
        self.assertEqual([ids[0]], [s['id'] for s in body['servers']])
        self.assertNotIn('servers_links', body)

    def test_bad_limit(self):
        self.assertFault(self.request('/servers?limit=x'), 400, 'limit')
        self.assertFault(self.request('/servers?limit=-1'), 400, 'limit')
        self.assertFault(self.request('/servers?marker=zzz'), 400,
                         'marker [zzz] not found')

    def test_status_filter(self):
        active = self.create_server(name='a')
        self.make_active(active)
        self.create_server(name='b')

        def names(query, token=base.DEMO):
            resp = self.request('/servers?' + query, token=token)
            self.assertEqual(200, resp.status_int, resp.text)
            return [s['name'] for s in resp.json['servers']]

        self.assertEqual(['a'], names('status=ACTIVE'))
        self.assertEqual(['b'], names('status=BUILD'))
        self.assertEqual(['b', 'a'], names('status=BUILD&status=active'))
        self.assertEqual([], names('status=NOSUCH'))
        self.assertFault(self.request('/servers?status=DELETED'), 403,
                         'Only administrators')

    def test_deleted_servers_for_admins(self):
        server_id = self.create_server(token=base.ADMIN)
        instance_obj.Instance.get_by_uuid(self.admin_context,
                                          server_id).destroy()
        body = self.request('/servers/detail?status=DELETED',
                            token=base.ADMIN).json
        self.assertEqual(['DELETED'], [s['status'] for s in body['servers']])
        body = self.request('/servers?changes-since=2000-01-01T00:00:00',
                            token=base.ADMIN).json
        self.assertEqual([server_id], [s['id'] for s in body['servers']])

    def test_name_is_a_regular_expression(self):
        for name in ('web-1', 'web-2', 'db-1', 'web-10'):
            self.create_server(name=name)

        def names(query):
            return sorted(s['name'] for s in self.request(
                '/servers?' + query).json['servers'])

        self.assertEqual(['web-1', 'web-10', 'web-2'], names('name=web'))
        self.assertEqual(['db-1', 'web-1'], names('name=-1$'))
        self.assertEqual(['web-1', 'web-2'], names('name=^web-.$'))
        # A regular expression pages like any filter.
        first = self.request('/servers?name=^web&limit=2').json
        self.assertEqual(2, len(first['servers']))
        marker = first['servers'][-1]['id']
        rest = self.request('/servers?name=^web&limit=2&marker=%s'
                            % marker).json
        self.assertEqual(1, len(rest['servers']))
        self.assertFault(self.request('/servers?name=(('), 400, 'name')

    def test_host_filter_is_ignored_for_users(self):
        server_id = self.create_server()
        self.make_active(server_id, host='host7')
        self.assertEqual(1, len(self.request(
            '/servers?host=host8').json['servers']))
        self.assertEqual(0, len(self.request(
            '/servers?host=host8&all_tenants=1',
            token=base.ADMIN).json['servers']))
        self.assertEqual(1, len(self.request(
            '/servers?host=host7&all_tenants=1',
            token=base.ADMIN).json['servers']))

    def test_sort(self):
        for name in ('b', 'c', 'a'):
            self.create_server(name=name)
        body = self.request('/servers?sort_key=display_name&sort_dir=asc')
        self.assertEqual(['a', 'b', 'c'],
                         [s['name'] for s in body.json['servers']])
        self.assertFault(self.request('/servers?sort_dir=up'), 400,
                         'sort_dir')
        self.assertFault(self.request('/servers?sort_key=password'), 400,
                         'sort_key')


class TestUpdateAndDelete(base.APITestCase):

    def test_rename(self):
        server_id = self.create_server()
        resp = self.request('/servers/%s' % server_id, 'PUT',
                            {'server': {'name': 'new'}})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('new', resp.json['server']['name'])
        self.assertEqual('BUILD', resp.json['server']['status'])

    def test_rename_refused(self):
        server_id = self.create_server()
        for body, word in (({'server': {'name': ''}}, 'name'),
                           ({'server': {'name': 'x' * 256}}, 'name'),
                           ({'server': {'flavorRef': '2'}}, 'flavorRef'),
                           ({}, 'server')):
            self.assertFault(self.request('/servers/%s' % server_id, 'PUT',
                                          body), 400, word)

    def test_delete_of_a_server_without_host_is_immediate(self):
        server_id = self.create_server()
        resp = self.request('/servers/%s' % server_id, 'DELETE')
        self.assertEqual(204, resp.status_int)
        self.assertEqual(b'', resp.body)
        self.assertFault(self.request('/servers/%s' % server_id), 404,
                         server_id)

    def test_delete_unknown(self):
        self.assertFault(self.request('/servers/%s' % base.uuid.uuid4(),
                                      'DELETE'), 404)
