"""Boot from volume over HTTP on the all-in-one (fake driver, local volume
back end): each source type, delete with and without
``delete_on_termination``, the refusals that leave nothing behind, the
rollback of a failed build, and shelving servers with volumes."""

from minova.tests.functional import test_servers_api


class BootFromVolumeTestBase(test_servers_api.ServersTestBase):
    overrides = {'fake_driver.spawn_delay': 0}

    def volume(self, **values):
        values.setdefault('size', 1)
        resp = self.api.post('/os-volumes', {'volume': values})
        self.assertEqual(200, resp.status, resp)
        return resp.body['volume']['id']

    def volumes(self):
        return {v['id']: v for v in
                self.api.get('/os-volumes/detail').body['volumes']}

    def create(self, bdms, expect=202, image_ref='', **extra):
        resp = self.api.post('/servers', {'server': dict(
            name='bfv', flavorRef='1', imageRef=image_ref,
            block_device_mapping_v2=bdms, **extra)})
        self.assertEqual(expect, resp.status, resp)
        return resp

    def boot_volumes(self, bdms, status='ACTIVE', **extra):
        server_id = self.create(bdms, **extra).body['server']['id']
        server = self.api.wait_for_server(server_id)
        self.assertEqual(status, server['status'], server.get('fault'))
        return server

    def image_root(self, **values):
        return dict({'source_type': 'image', 'uuid': self.cloud.image_id,
                     'destination_type': 'volume', 'boot_index': 0,
                     'volume_size': 1}, **values)

    def guest(self, server_id):
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute':
                guest = service.manager.driver._guests.get(server_id)
                if guest is not None:
                    return guest
        return None

    def attached(self, server):
        return [v['id'] for v in
                server['os-extended-volumes:volumes_attached']]

    def delete(self, server_id):
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server_id).status)
        self.api.wait_for_deleted(server_id)


class TestBootFromVolume(BootFromVolumeTestBase):

    def test_from_an_image_the_volume_is_the_root_disk(self):
        server = self.boot_volumes([self.image_root(
            delete_on_termination=True)])
        self.assertEqual('', server['image'])
        [volume_id] = self.attached(server)
        volume = self.api.wait_for_volume(volume_id, 'in-use')
        self.assertEqual([{'id': volume_id, 'volumeId': volume_id,
                           'serverId': server['id'], 'device': '/dev/vda'}],
                         volume['attachments'])
        self.assertEqual('%s-image-vol' % server['id'],
                         volume['displayName'])
        guest = self.guest(server['id'])
        self.assertEqual(['/dev/vda'], list(guest.volumes))
        self.assertEqual('local',
                         guest.volumes['/dev/vda']['driver_volume_type'])
        self.assertEqual([{'id': volume_id, 'volumeId': volume_id,
                           'serverId': server['id'], 'device': '/dev/vda'}],
                         self.api.get('/servers/%s/os-volume_attachments' %
                                      server['id']).body['volumeAttachments'])
        self.delete(server['id'])
        self.assertNotIn(volume_id, self.volumes())

    def test_from_a_volume_it_is_kept_after_the_delete(self):
        volume_id = self.volume(imageRef=self.cloud.image_id)
        server = self.boot_volumes([{
            'source_type': 'volume', 'uuid': volume_id,
            'destination_type': 'volume', 'boot_index': 0}])
        self.assertEqual([volume_id], self.attached(server))
        self.assertEqual('/dev/vda', self.api.wait_for_volume(
            volume_id, 'in-use')['attachments'][0]['device'])
        self.assertEqual(['/dev/vda'], list(self.guest(server['id']).volumes))
        # The root volume cannot be detached.
        resp = self.api.delete('/servers/%s/os-volume_attachments/%s' % (
            server['id'], volume_id))
        self.assertEqual(400, resp.status, resp)
        self.assertIn('root disk', resp.text)
        self.delete(server['id'])
        self.api.wait_for_volume(volume_id, 'available')

    def test_from_a_snapshot_with_a_blank_data_volume(self):
        source = self.volume()
        snapshot = self.api.post('/os-snapshots', {'snapshot': {
            'volume_id': source}}).body['snapshot']
        server = self.boot_volumes([
            {'source_type': 'snapshot', 'uuid': snapshot['id'],
             'destination_type': 'volume', 'boot_index': 0},
            {'source_type': 'blank', 'destination_type': 'volume',
             'volume_size': 2, 'delete_on_termination': True}])
        root_id, data_id = self.attached(server)
        volumes = self.volumes()
        self.assertEqual(snapshot['id'], volumes[root_id]['snapshotId'])
        self.assertEqual(1, volumes[root_id]['size'])
        self.assertEqual(2, volumes[data_id]['size'])
        self.assertEqual(['/dev/vda', '/dev/vdb'],
                         sorted(self.guest(server['id']).volumes))
        self.delete(server['id'])
        volumes = self.volumes()
        self.assertEqual('available', volumes[root_id]['status'])
        self.assertNotIn(data_id, volumes)

    def test_an_image_server_with_a_volume_from_the_start(self):
        volume_id = self.volume()
        server = self.boot_volumes(
            [{'source_type': 'volume', 'uuid': volume_id,
              'destination_type': 'volume', 'delete_on_termination': True}],
            image_ref=self.cloud.image_id)
        self.assertEqual(self.cloud.image_id, server['image']['id'])
        self.assertEqual('/dev/vdb', self.api.wait_for_volume(
            volume_id, 'in-use')['attachments'][0]['device'])
        self.delete(server['id'])
        self.assertNotIn(volume_id, self.volumes())


class TestRefusals(BootFromVolumeTestBase):

    def assertRefused(self, bdms, words, image_ref='', **extra):
        volumes = self.volumes()
        servers = self.api.get('/servers').body['servers']
        resp = self.create(bdms, expect=400, image_ref=image_ref, **extra)
        self.assertIn(words, resp.text)
        self.assertEqual(servers, self.api.get('/servers').body['servers'])
        self.assertEqual(volumes, self.volumes())

    def test_bad_volume_sources_are_400_and_write_nothing(self):
        volume_id = self.volume()
        missing = '5b8c3f5e-8f3c-4a58-9b53-2f8e1c3d9a01'
        self.assertRefused([{'source_type': 'volume', 'uuid': missing,
                             'destination_type': 'volume',
                             'boot_index': 0}],
                           'volume %s could not be found' % missing)
        self.assertRefused([{'source_type': 'snapshot', 'uuid': missing,
                             'destination_type': 'volume',
                             'boot_index': 0}],
                           'snapshot %s could not be found' % missing)
        no_size = self.image_root()
        del no_size['volume_size']
        self.assertRefused([no_size], 'needs a volume_size')
        self.assertRefused([{'source_type': 'volume', 'uuid': volume_id,
                             'destination_type': 'volume',
                             'boot_index': 0}],
                           'cannot be attached to 2 servers', max_count=2)
        self.assertRefused([self.image_root()], 'give one of them',
                           image_ref=volume_id)
        resp = self.create([], expect=400)
        self.assertIn('boot_index 0', resp.text)

    def test_a_volume_in_use_is_400(self):
        volume_id = self.volume()
        first = self.boot_volumes([{
            'source_type': 'volume', 'uuid': volume_id,
            'destination_type': 'volume', 'boot_index': 0}])
        self.assertRefused([{'source_type': 'volume', 'uuid': volume_id,
                             'destination_type': 'volume',
                             'boot_index': 0}],
                           'attached to server %s' % first['id'])


class TestCrossAZ(BootFromVolumeTestBase):
    overrides = dict(BootFromVolumeTestBase.overrides,
                     **{'cinder.cross_az_attach': False})

    def test_a_server_follows_its_volume_or_is_refused(self):
        volume_id = self.volume(availability_zone='nova')
        server = self.boot_volumes([{
            'source_type': 'volume', 'uuid': volume_id,
            'destination_type': 'volume', 'boot_index': 0}])
        self.assertEqual('nova', server['OS-EXT-AZ:availability_zone'])
        elsewhere = self.volume(availability_zone='az9')
        resp = self.create([{'source_type': 'volume', 'uuid': elsewhere,
                             'destination_type': 'volume',
                             'boot_index': 0}], expect=400,
                           availability_zone='nova')
        self.assertIn('not in the same availability_zone', resp.text)
        resp = self.api.post(
            '/servers/%s/os-volume_attachments' % server['id'],
            {'volumeAttachment': {'volumeId': elsewhere}})
        self.assertEqual(400, resp.status, resp)
        self.assertIn('Volume is in az9', resp.text)
        self.api.wait_for_volume(elsewhere, 'available')


class TestFailedBuilds(BootFromVolumeTestBase):
    overrides = dict(BootFromVolumeTestBase.overrides,
                     **{'fake_driver.fail_spawn_on_hosts': ['host1',
                                                            'host2']})

    def test_a_failed_spawn_leaves_the_volumes_reserved_then_frees_them(
            self):
        volume_id = self.volume()
        server = self.boot_volumes(
            [{'source_type': 'volume', 'uuid': volume_id,
              'destination_type': 'volume', 'boot_index': 0},
             {'source_type': 'blank', 'destination_type': 'volume',
              'volume_size': 1, 'delete_on_termination': True}],
            status='ERROR')
        volumes = self.volumes()
        [created] = [v for v in volumes if v != volume_id]
        # Still the server's (as Nova's), without a host's connection.
        self.assertEqual('reserved', volumes[volume_id]['status'])
        self.assertEqual('reserved', volumes[created]['status'])
        self.delete(server['id'])
        volumes = self.volumes()
        self.assertEqual('available', volumes[volume_id]['status'])
        self.assertNotIn(created, volumes)


class TestVolumeCreateFails(BootFromVolumeTestBase):
    overrides = dict(BootFromVolumeTestBase.overrides,
                     **{'volume.local_volume_dir': '/dev/null/volumes'})

    def test_an_error_volume_aborts_the_build_with_its_reason(self):
        server = self.boot_volumes([self.image_root(
            delete_on_termination=True)], status='ERROR')
        self.assertIn('did not finish being created',
                      server['fault']['message'])
        [volume] = self.volumes().values()
        self.assertEqual('error', volume['status'])
        self.delete(server['id'])
        self.assertEqual({}, self.volumes())


class TestShelveWithVolumes(BootFromVolumeTestBase):

    def test_a_volume_backed_server_shelves_without_a_snapshot(self):
        images = len(self.api.get('/images').body['images'])
        server = self.boot_volumes([self.image_root()])
        [volume_id] = self.attached(server)
        self.assertEqual(202, self.api.action(server['id'], 'shelve').status)
        self.api.wait_for_task(server['id'], 'SHELVED_OFFLOADED')
        self.assertEqual(images, len(self.api.get('/images').body['images']))
        self.assertEqual('reserved', self.volumes()[volume_id]['status'])
        self.assertIsNone(self.guest(server['id']))
        self.assertEqual(202, self.api.action(server['id'],
                                              'unshelve').status)
        self.api.wait_for_task(server['id'], 'ACTIVE')
        self.api.wait_for_volume(volume_id, 'in-use')
        self.assertEqual(['/dev/vda'], list(self.guest(server['id']).volumes))

    def test_an_attached_volume_follows_an_unshelve(self):
        server = self.boot_and_wait()
        volume_id = self.volume()
        resp = self.api.post(
            '/servers/%s/os-volume_attachments' % server['id'],
            {'volumeAttachment': {'volumeId': volume_id}})
        self.assertEqual(200, resp.status, resp)
        self.api.wait_for_volume(volume_id, 'in-use')
        self.assertEqual(202, self.api.action(server['id'], 'shelve').status)
        self.api.wait_for_task(server['id'], 'SHELVED_OFFLOADED')
        self.assertEqual('reserved', self.volumes()[volume_id]['status'])
        self.assertEqual(202, self.api.action(server['id'],
                                              'unshelve').status)
        self.api.wait_for_task(server['id'], 'ACTIVE')
        self.api.wait_for_volume(volume_id, 'in-use')
        self.assertEqual(['/dev/vdb'], list(self.guest(server['id']).volumes))
