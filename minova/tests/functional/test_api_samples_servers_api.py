"""The samples of the server routes (doc/api_samples/compute/servers-*):
create, show, list, update and delete, metadata, tags, addresses, the
password, the instance actions and the volume attachments."""

from minova.tests.functional import api_samples

SERVER = '/servers/{server_id}'


class TestServerSamples(api_samples.SampleTestCase):
    overrides = {'compute_hosts': ['host1']}

    def test_server_routes(self):
        server_id = self.sample('POST', '/servers', {'server': {
            'name': 'web-1', 'imageRef': self.cloud.image_id,
            'flavorRef': '1', 'networks': 'auto',
            'metadata': {'role': 'web'}}}, status=202,
            generated=('adminPass',)).body['server']['id']
        self.wait(server_id)
        ids = dict(server_id=server_id)
        self.sample('GET', '/servers')
        self.sample('GET', '/servers/detail')
        self.sample('GET', SERVER, **ids)
        self.sample('PUT', SERVER, {'server': {
            'name': 'web-01', 'description': 'the first web server'}}, **ids)

        self.sample('GET', SERVER + '/metadata', **ids)
        self.sample('POST', SERVER + '/metadata',
                    {'metadata': {'tier': 'front'}}, **ids)
        self.sample('PUT', SERVER + '/metadata',
                    {'metadata': {'role': 'web', 'tier': 'front'}}, **ids)
        key = SERVER + '/metadata/{key}'
        self.sample('PUT', key, {'meta': {'tier': 'back'}}, key='tier',
                    **ids)
        self.sample('GET', key, key='tier', **ids)
        self.sample('DELETE', key, key='tier', status=204, **ids)

        self.sample('PUT', SERVER + '/tags', {'tags': ['web', 'blue']},
                    **ids)
        self.sample('GET', SERVER + '/tags', **ids)
        tag = SERVER + '/tags/{tag}'
        self.sample('PUT', tag, tag='green', status=201, **ids)
        self.sample('GET', tag, tag='green', status=204, **ids)
        self.sample('DELETE', tag, tag='green', status=204, **ids)
        self.sample('DELETE', SERVER + '/tags', status=204, **ids)

        self.sample('GET', SERVER + '/ips', **ids)
        self.sample('GET', SERVER + '/ips/{network_label}',
                    network_label='private', **ids)
        self.sample('GET', SERVER + '/os-server-password', **ids)
        self.sample('DELETE', SERVER + '/os-server-password', status=204,
                    **ids)
        self.sample('GET', SERVER + '/migrations', **ids)

        actions = self.sample('GET', SERVER + '/os-instance-actions',
                              **ids).body['instanceActions']
        self.sample('GET', SERVER + '/os-instance-actions/{request_id}',
                    request_id=actions[-1]['request_id'], **ids)

        self.sample('DELETE', SERVER, status=204, **ids)
        self.api.wait_for_deleted(server_id)

    def test_volume_attachment_routes(self):
        server_id = self.boot_and_wait()['id']
        volumes = [self.api.post('/os-volumes', {'volume': {
            'size': 1, 'display_name': name}}).body['volume']['id']
            for name in ('data', 'spare')]
        for volume_id in volumes:
            self.api.wait_for_volume(volume_id, 'available')
        url = SERVER + '/os-volume_attachments'
        ids = dict(server_id=server_id)
        self.sample('POST', url, {'volumeAttachment': {
            'volumeId': volumes[0], 'tag': 'data',
            'delete_on_termination': False}}, **ids)
        self.api.wait_for_volume(volumes[0], 'in-use')
        self.sample('GET', url, **ids)
        self.sample('GET', url + '/{volume_id}', volume_id=volumes[0],
                    **ids)
        # Swap: the attachment moves to the spare volume.
        self.sample('PUT', url + '/{volume_id}', {'volumeAttachment': {
            'volumeId': volumes[1]}}, volume_id=volumes[0], status=202,
            **ids)
        self.api.wait_for_volume(volumes[1], 'in-use')
        self.api.wait_for_volume(volumes[0], 'available')
        self.wait(server_id)
        self.sample('DELETE', url + '/{volume_id}', volume_id=volumes[1],
                    status=202, **ids)
        self.api.wait_for_volume(volumes[1], 'available')


class TestServerActionSamples(api_samples.SampleTestCase):
    """Each action of ``POST /servers/{id}/action``, in an order that
    puts the server in the state the next one needs."""
    overrides = {'compute_hosts': ['host1', 'host2'],
                 'shelved_offload_time': -1}

    def act(self, server_id, action, args=None, status=202, then=None,
            **kwargs):
        resp = self.sample('POST', SERVER + '/action', {action: args},
                           action=action, status=status,
                           server_id=server_id, **kwargs)
        if then:
            self.wait(server_id, then)
        return resp

    def host(self, server_id):
        return self.api.get('/servers/%s' % server_id).body['server'][
            'OS-EXT-SRV-ATTR:host']

    def test_server_actions(self):
        server_id = self.boot_and_wait()['id']
        first = self.host(server_id)
        [other] = {'host1', 'host2'} - {first}
        self.act(server_id, 'os-stop', then='SHUTOFF')
        self.act(server_id, 'os-start', then='ACTIVE')
        self.act(server_id, 'pause', then='PAUSED')
        self.act(server_id, 'unpause', then='ACTIVE')
        self.act(server_id, 'suspend', then='SUSPENDED')
        self.act(server_id, 'resume', then='ACTIVE')
        self.act(server_id, 'reboot', {'type': 'SOFT'}, then='ACTIVE')
        self.act(server_id, 'lock', {'locked_reason': 'maintenance'})
        self.act(server_id, 'unlock')
        self.act(server_id, 'rebuild', {
            'imageRef': self.cloud.image_id, 'name': 'web-rebuilt',
            'description': 'rebuilt from its image'}, then='ACTIVE',
            generated=('adminPass',))
        image_id = self.act(server_id, 'createImage', {
            'name': 'web-snapshot', 'metadata': {'kind': 'backup'}},
            then='ACTIVE').body['image_id']
        self.assertEqual('web-snapshot', self.api.get(
            '/images/%s' % image_id).body['image']['name'])

        # Resize to the other host and back, then for good.
        self.act(server_id, 'resize', {'flavorRef': '2'},
                 then='VERIFY_RESIZE')
        self.act(server_id, 'revertResize', then='ACTIVE')
        self.assertEqual(first, self.host(server_id))
        self.api.action(server_id, 'resize', {'flavorRef': '2'})
        self.wait(server_id, 'VERIFY_RESIZE')
        self.act(server_id, 'confirmResize', status=204, then='ACTIVE')
        self.assertEqual(other, self.host(server_id))
        self.act(server_id, 'migrate', then='VERIFY_RESIZE')
        self.api.action(server_id, 'confirmResize')
        self.wait(server_id, 'ACTIVE')
        self.assertEqual(first, self.host(server_id))

        self.act(server_id, 'shelve', then='SHELVED')
        self.act(server_id, 'shelveOffload', then='SHELVED_OFFLOADED')
        self.act(server_id, 'unshelve', then='ACTIVE')

        # Evacuate: the server's compute is forced down.
        source = self.host(server_id)
        services = self.cloud.client(microversion='2.53')
        [service] = [s for s in services.get('/os-services').body[
            'services'] if s['host'] == source and
            s['binary'] == 'minova-compute']
        self.assertEqual(200, services.put('/os-services/%s' % service['id'],
                                           {'forced_down': True}).status)
        self.act(server_id, 'evacuate', {}, status=200, then='ACTIVE')
        self.assertNotEqual(source, self.host(server_id))
