"""A server booted and deleted through the API on real qemu, via libvirtd.

minova-all runs as its own process with the libvirt driver on
``qemu:///system`` (software emulation: no KVM here). libvirtd and virtlogd
are started by hand when they are not running (no systemd); the qemu user
and qemu.conf are prepared by tools/run-tests.sh, as ../shared/LIBVIRT.md
found they must be.
"""

import json
import os
import secrets
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import fixtures
import testtools
from testtools import content

from minova.tests.integration import fixtures as cloud_fixtures

try:
    import libvirt
except ImportError:  # pragma: no cover - libvirt-python is a test dependency
    libvirt = None

URI = 'qemu:///system'


def _open():
    try:
        return libvirt.open(URI)
    except libvirt.libvirtError:
        return None


def ensure_libvirtd():
    """A connection to qemu:///system, starting the daemons if need be."""
    if libvirt is None:
        raise cloud_fixtures.SetupError('libvirt-python is not installed')
    conn = _open()
    if conn is not None:
        return conn
    for daemon in ('virtlogd', 'libvirtd'):
        if shutil.which(daemon) is None:
            raise cloud_fixtures.SetupError(
                '%s not found: install libvirt-daemon and '
                'libvirt-daemon-driver-qemu (tools/run-tests.sh does)' % daemon)
        os.makedirs('/var/run/libvirt', exist_ok=True)
        os.makedirs('/var/log/libvirt', exist_ok=True)
        cloud_fixtures.start_daemon([daemon, '-d'])
    conn = cloud_fixtures.wait_until(_open, 30)
    if conn is None:
        raise cloud_fixtures.SetupError('libvirtd did not answer on %s' % URI)
    return conn


class TestBootOnQemu(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conn = ensure_libvirtd()
        self.addCleanup(self.conn.close)
        tmp = self.state_path = self.useFixture(fixtures.TempDir()).path
        self.prefix = 'minova-it-%s' % secrets.token_hex(4)
        self.addCleanup(self._undefine_leftovers)
        port = cloud_fixtures.free_port()
        config = os.path.join(tmp, 'minova.conf')
        with open(config, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\n'
                    'osapi_compute_listen = 127.0.0.1\n'
                    'osapi_compute_listen_port = %d\n'
                    'compute_driver = libvirt.LibvirtDriver\n'
                    'instance_name_template = %s-%%08x\n'
                    # The tiny image has no OS to answer an ACPI shutdown.
                    'shutdown_timeout = 2\n'
                    '[libvirt]\nconnection_uri = %s\nvirt_type = qemu\n'
                    # Nor to release a hot-plugged disk.
                    'device_detach_timeout = 2\n'
                    '[all_in_one]\ncompute_hosts = %s\n'
                    '[api]\nauth_strategy = noauth2\n'
                    % (tmp, port, self.prefix, URI, self.prefix))
        self.service = cloud_fixtures.ServiceProcess(
            'minova-all', config, os.path.join(tmp, 'minova-all.log')).start()
        self.addCleanup(self.service.stop)
        self.addDetail('minova-all.log', content.Content(
            content.UTF8_TEXT, lambda: [self.service.log().encode()]))
        self.url = 'http://127.0.0.1:%d/v2.1' % port
        if not cloud_fixtures.wait_until(
                lambda: cloud_fixtures._listening(port), 60):
            self.fail('minova-all did not serve on %d' % port)

    def _undefine_leftovers(self):
        for domain in self.conn.listAllDomains():
            if domain.name().startswith(self.prefix):
                if domain.isActive():
                    domain.destroy()
                domain.undefine()

    def _request(self, method, path, body=None):
        request = urllib.request.Request(
            self.url + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={'X-Auth-Token': 'admin:admin',
                     'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        return status, json.loads(data) if data else None

    def _domain(self, server_id):
        try:
            return self.conn.lookupByUUIDString(server_id)
        except libvirt.libvirtError:
            return None

    def _boot(self, name, image_id=None):
        _, body = self._request('GET', '/flavors')
        flavor = [f['id'] for f in body['flavors'] if f['name'] == 'm1.tiny']
        if image_id is None:
            _, body = self._request('GET', '/images?name=minova-tiny')
            image_id = body['images'][0]['id']
        status, body = self._request('POST', '/servers', {'server': {
            'name': name, 'flavorRef': flavor[0], 'imageRef': image_id}})
        self.assertEqual(202, status, body)
        return body['server']['id']

    def _wait(self, server_id, statuses, timeout=120):
        """The server once it shows one of ``statuses`` with no task."""
        def settled():
            _, b = self._request('GET', '/servers/%s' % server_id)
            server = b['server']
            if server['status'] in statuses + ('ERROR',) and \
                    server['OS-EXT-STS:task_state'] is None:
                return server
            return None

        server = cloud_fixtures.wait_until(settled, timeout)
        self.assertIsNotNone(server, 'server %s not %s in %ss' % (
            server_id, '/'.join(statuses), timeout))
        return server

    def _act(self, server_id, name, args=None, status=None):
        code, body = self._request('POST', '/servers/%s/action' % server_id,
                                   {name: args})
        self.assertEqual(202, code, body)
        if status:
            server = self._wait(server_id, (status,))
            self.assertEqual(status, server['status'], server.get('fault'))
            return server

    def test_boot_and_delete(self):
        server_id = self._boot('on-qemu')
        server = self._wait(server_id, ('ACTIVE',))
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        domain = self._domain(server_id)
        self.assertIsNotNone(domain, 'no libvirt domain for the server')
        self.assertTrue(domain.name().startswith(self.prefix))
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])

        status, _ = self._request('DELETE', '/servers/%s' % server_id)
        self.assertEqual(204, status)
        gone = cloud_fixtures.wait_until(
            lambda: self._request('GET', '/servers/%s' % server_id)[0] == 404,
            60)
        self.assertTrue(gone, 'server still there 60 s after DELETE')
        self.assertIsNone(self._domain(server_id),
                          'the libvirt domain outlived its server')

    def test_life_cycle(self):
        """stop, start, pause, unpause, suspend, resume, reboot, then
        shelve (offloaded at once) and unshelve, on one real guest."""
        server_id = self._boot('life')
        self.assertEqual('ACTIVE', self._wait(server_id, ('ACTIVE',))[
            'status'])
        domain = self._domain(server_id)

        self._act(server_id, 'os-stop', status='SHUTOFF')
        self.assertEqual(libvirt.VIR_DOMAIN_SHUTOFF, domain.state()[0])
        self._act(server_id, 'os-start', status='ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])
        self._act(server_id, 'pause', status='PAUSED')
        self.assertEqual(libvirt.VIR_DOMAIN_PAUSED, domain.state()[0])
        self._act(server_id, 'unpause', status='ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])
        self._act(server_id, 'suspend', status='SUSPENDED')
        self.assertTrue(domain.hasManagedSaveImage(0))
        self._act(server_id, 'resume', status='ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])
        self._act(server_id, 'reboot', {'type': 'SOFT'}, status='ACTIVE')
        self._act(server_id, 'reboot', {'type': 'HARD'}, status='ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])

        # Shelve: powered off, its disk snapshotted, the guest removed.
        self._act(server_id, 'shelve', status='SHELVED_OFFLOADED')
        self.assertIsNone(self._domain(server_id))
        _, body = self._request('GET', '/images/detail')
        (snapshot,) = [i for i in body['images']
                       if i['name'] == 'life-shelved']
        self.assertEqual('ACTIVE', snapshot['status'])
        # Unshelve: spawned again from the snapshot, which then goes.
        server = self._act(server_id, 'unshelve', status='ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING,
                         self._domain(server_id).state()[0])
        self.assertIsNotNone(server['OS-EXT-SRV-ATTR:host'])
        code, _ = self._request('GET', '/images/%s' % snapshot['id'])
        self.assertEqual(404, code)

    def test_create_image_then_boot_from_it(self):
        server_id = self._boot('source')
        self._wait(server_id, ('ACTIVE',))
        code, _ = self._request('POST', '/servers/%s/action' % server_id,
                                {'createImage': {'name': 'snap'}})
        self.assertEqual(202, code)

        def active_image():
            _, body = self._request('GET', '/images/detail')
            found = [i for i in body['images'] if i['name'] == 'snap']
            return found[0] if found and found[0]['status'] == 'ACTIVE' \
                else None

        image = cloud_fixtures.wait_until(active_image, 120)
        self.assertIsNotNone(image, 'the snapshot did not become ACTIVE')
        self.assertEqual('ACTIVE', self._wait(server_id, ('ACTIVE',))[
            'status'])
        clone = self._boot('clone', image_id=image['id'])
        server = self._wait(clone, ('ACTIVE',))
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING,
                         self._domain(clone).state()[0])

    def test_attach_and_detach_a_local_volume(self):
        """A local volume hot-plugged into a running guest: in the live
        domain XML as the device the API answered; its data kept across a
        detach and an attach. This guest has no OS to release a device,
        so a live detach fails honestly (the volume stays in-use, with a
        fault) and a stopped server's detach goes through."""
        server_id = self._boot('with-volume')
        self.assertEqual('ACTIVE', self._wait(server_id, ('ACTIVE',))[
            'status'])
        code, body = self._request('POST', '/os-volumes',
                                   {'volume': {'size': 1}})
        self.assertEqual(200, code, body)
        volume_id = body['volume']['id']
        path = os.path.join(self.state_path, 'volumes',
                            'volume-%s' % volume_id)
        with open(path, 'r+b') as f:
            f.write(b'written by the host before the attach')

        device = self._attach(server_id, volume_id)
        self.assertEqual('/dev/vdb', device)
        disk = self._live_disk(server_id, 'vdb')
        self.assertIsNotNone(disk, 'vdb is not in the live domain XML')
        self.assertEqual(path, disk.find('source').get('file'))
        self.assertEqual(volume_id, disk.findtext('serial'))

        code, _ = self._request('DELETE', '/servers/%s/os-volume_attachments'
                                '/%s' % (server_id, volume_id))
        self.assertEqual(202, code)
        failed = cloud_fixtures.wait_until(
            lambda: self._last_action(server_id)['message'] == 'Error', 60)
        self.assertTrue(failed, 'the live detach did not fail')
        self.assertEqual('in-use', self._volume_status(volume_id,
                                                       'in-use')['status'])

        self._act(server_id, 'os-stop', status='SHUTOFF')
        self._detach(server_id, volume_id)
        self._act(server_id, 'os-start', status='ACTIVE')
        self.assertIsNone(self._live_disk(server_id, 'vdb'))
        self.assertEqual(device, self._attach(server_id, volume_id))
        self.assertIsNotNone(self._live_disk(server_id, 'vdb'))
        with open(path, 'rb') as f:
            self.assertEqual(b'written by the host before the attach',
                             f.read(37))
        self._act(server_id, 'os-stop', status='SHUTOFF')
        self._detach(server_id, volume_id)
        self._act(server_id, 'os-start', status='ACTIVE')
        self.assertIsNone(self._live_disk(server_id, 'vdb'))

    def test_boot_from_a_local_volume(self):
        """A server booted from a volume made of the image: that volume's
        file is the domain's first disk (no disk of the instance's own),
        it survives a stop/start, and the delete removes it
        (delete_on_termination)."""
        _, body = self._request('GET', '/images?name=minova-tiny')
        status, body = self._request('POST', '/servers', {'server': {
            'name': 'from-volume', 'flavorRef': '1', 'imageRef': '',
            'block_device_mapping_v2': [{
                'source_type': 'image', 'uuid': body['images'][0]['id'],
                'destination_type': 'volume', 'volume_size': 1,
                'boot_index': 0, 'delete_on_termination': True}]}})
        self.assertEqual(202, status, body)
        server_id = body['server']['id']
        server = self._wait(server_id, ('ACTIVE',))
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        [volume] = server['os-extended-volumes:volumes_attached']
        path = os.path.join(self.state_path, 'volumes',
                            'volume-%s' % volume['id'])
        disk = self._live_disk(server_id, 'vda')
        self.assertEqual(path, disk.find('source').get('file'))
        self.assertEqual(volume['id'], disk.findtext('serial'))
        self.assertFalse(os.path.exists(os.path.join(
            self.state_path, 'instances', server_id, 'disk')))
        self._act(server_id, 'os-stop', status='SHUTOFF')
        self._act(server_id, 'os-start', status='ACTIVE')
        self.assertEqual(path, self._live_disk(server_id, 'vda').find(
            'source').get('file'))
        status, _ = self._request('DELETE', '/servers/%s' % server_id)
        self.assertEqual(204, status)
        gone = cloud_fixtures.wait_until(
            lambda: self._request('GET', '/os-volumes/%s' % volume['id'])[
                0] == 404, 60)
        self.assertTrue(gone, 'the volume outlived its server')
        self.assertIsNone(self._domain(server_id))
        self.assertFalse(os.path.exists(path))

    def test_swap_a_local_volume(self):
        """PUT os-volume_attachments: qemu copies the attached volume into
        the new one while the guest runs, and the guest's vdb (live and
        persistent) is the new volume's file."""
        server_id = self._boot('swap')
        self.assertEqual('ACTIVE', self._wait(server_id, ('ACTIVE',))[
            'status'])
        old, new = (self._request('POST', '/os-volumes', {'volume': {
            'size': 1}})[1]['volume']['id'] for _ in range(2))
        path = os.path.join(self.state_path, 'volumes', 'volume-%s')
        with open(path % old, 'r+b') as f:
            f.write(b'data that must follow the swap')
        self.assertEqual('/dev/vdb', self._attach(server_id, old))
        code, body = self._request(
            'PUT', '/servers/%s/os-volume_attachments/%s' % (server_id, old),
            {'volumeAttachment': {'volumeId': new}})
        self.assertEqual(202, code, body)
        self._volume_status(new, 'in-use')
        self._volume_status(old, 'available')
        self.assertEqual(path % new, self._live_disk(server_id, 'vdb').find(
            'source').get('file'))
        persistent = ET.fromstring(self._domain(server_id).XMLDesc(
            libvirt.VIR_DOMAIN_XML_INACTIVE))
        self.assertEqual([path % new], [
            d.find('source').get('file')
            for d in persistent.findall('./devices/disk')
            if d.find('target').get('dev') == 'vdb'])
        with open(path % new, 'rb') as f:
            self.assertEqual(b'data that must follow the swap', f.read(30))

    def _last_action(self, server_id):
        _, body = self._request('GET', '/servers/%s/os-instance-actions'
                                % server_id)
        return body['instanceActions'][0]

    def _volume_status(self, volume_id, status):
        def reached():
            _, body = self._request('GET', '/os-volumes/%s' % volume_id)
            return body['volume'] if body['volume']['status'] == status \
                else None
        volume = cloud_fixtures.wait_until(reached, 60)
        self.assertIsNotNone(volume, 'volume %s not %s' % (
            volume_id, status))
        return volume

    def _attach(self, server_id, volume_id):
        code, body = self._request(
            'POST', '/servers/%s/os-volume_attachments' % server_id,
            {'volumeAttachment': {'volumeId': volume_id}})
        self.assertEqual(200, code, body)
        self._volume_status(volume_id, 'in-use')
        return body['volumeAttachment']['device']

    def _detach(self, server_id, volume_id):
        code, _ = self._request('DELETE', '/servers/%s/os-volume_attachments'
                                '/%s' % (server_id, volume_id))
        self.assertEqual(202, code)
        self._volume_status(volume_id, 'available')

    def _live_disk(self, server_id, target):
        domain = ET.fromstring(self._domain(server_id).XMLDesc(0))
        for disk in domain.findall('./devices/disk'):
            if disk.find('target').get('dev') == target:
                return disk
        return None
