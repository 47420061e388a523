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
        tmp = self.useFixture(fixtures.TempDir()).path
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
                    '[libvirt]\nconnection_uri = %s\nvirt_type = qemu\n'
                    '[all_in_one]\ncompute_hosts = %s\n'
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

    def test_boot_and_delete(self):
        _, body = self._request('GET', '/flavors')
        flavor = [f['id'] for f in body['flavors'] if f['name'] == 'm1.tiny']
        _, body = self._request('GET', '/images')
        status, body = self._request('POST', '/servers', {'server': {
            'name': 'on-qemu', 'flavorRef': flavor[0],
            'imageRef': body['images'][0]['id']}})
        self.assertEqual(202, status, body)
        server_id = body['server']['id']

        def settled():
            _, b = self._request('GET', '/servers/%s' % server_id)
            return b['server'] if b['server']['status'] in (
                'ACTIVE', 'ERROR') else None

        server = cloud_fixtures.wait_until(settled, 120)
        self.assertIsNotNone(server, 'server did not settle in 120 s')
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
