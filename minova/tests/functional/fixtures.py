"""A whole cloud in the test process, driven over a real HTTP port.

:class:`AllInOneFixture` builds what ``minova-all`` builds
(:func:`minova.cmd.all.build`): the API on 127.0.0.1 and a free port, the
conductor, the scheduler and one compute per host, over an ``inproc://`` bus
of their own and a SQLite database in a temporary state_path, with the
default flavors and the bootstrap image registered. :class:`APIClient`
speaks JSON to it as any HTTP client would.
"""

import http.client
import json
import logging
import os
import time
import uuid

import fixtures
from oslo_utils import uuidutils
import testtools

from minova.cmd import all as minova_all
from minova import context as minova_context
from minova.db import models
from minova.db import session
from minova import flavors
from minova.image import local as local_image
from minova import rpc
from minova import service as minova_service
from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import tempest_schemas

ADMIN_TOKEN = 'admin:admin'
DEMO_TOKEN = 'demo:demo'
# The statuses a server rests in: a poll stops there.
STABLE_STATUSES = ('ACTIVE', 'ERROR', 'SHUTOFF', 'DELETED')


class APIResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        self.text = body.decode('utf-8', 'replace') if body else ''
        try:
            self.body = json.loads(self.text) if self.text else None
        except ValueError:
            self.body = None

    def __repr__(self):
        return '<APIResponse %s %s>' % (self.status, self.text[:300])


class APIClient:
    """JSON over HTTP to ``http://127.0.0.1:<port>/v2.1`` (or another
    ``prefix``: ``/volume/v3/admin``, the Block Storage API's).

    Each successful compute answer is checked against Tempest's schema of
    its route at the version that produced it (:mod:`tempest_schemas`)."""

    def __init__(self, port, token=ADMIN_TOKEN, microversion=None,
                 prefix='/v2.1'):
        self.port = port
        self.token = token
        self.microversion = microversion
        self.prefix = prefix

    @property
    def endpoint(self):
        return 'http://127.0.0.1:%d%s' % (self.port, self.prefix)

    def request(self, method, path, body=None, raw_body=None, headers=None):
        """Send ``body`` as JSON (or ``raw_body`` as it is)."""
        headers = dict(headers or {})
        if self.token:
            headers.setdefault('X-Auth-Token', self.token)
        if self.microversion:
            headers.setdefault('OpenStack-API-Version',
                               'compute %s' % self.microversion)
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode('utf-8')
        if data is not None:
            headers.setdefault('Content-Type', 'application/json')
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        try:
            conn.request(method, self.prefix + path, body=data,
                         headers=headers)
            resp = conn.getresponse()
            answer = APIResponse(resp.status, resp.headers, resp.read())
        finally:
            conn.close()
        if self.prefix == '/v2.1':
            version = answer.headers.get('X-OpenStack-Nova-API-Version',
                                         '2.1')
            tempest_schemas.check(method, path.split('?', 1)[0], version,
                                  answer.status, answer.body)
        return answer

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.request('PUT', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    # -- servers -------------------------------------------------------------

    def create_server(self, image_ref, flavor_ref='1', name='demo',
                      **extra):
        """POST /servers; returns the response (202 expected)."""
        server = dict(name=name, imageRef=image_ref, flavorRef=flavor_ref,
                      **extra)
        return self.post('/servers', {'server': server})

    def wait_for_server(self, server_id, statuses=STABLE_STATUSES,
                        timeout=30):
        """Poll GET /servers/{id} until its status is one of ``statuses``;
        returns the server dict. The server going away is DELETED."""
        deadline = time.monotonic() + timeout
        while True:
            resp = self.get('/servers/%s' % server_id)
            if resp.status == 404:
                server = {'id': server_id, 'status': 'DELETED'}
            else:
                assert resp.status == 200, resp
                server = resp.body['server']
            if server['status'] in statuses:
                return server
            if time.monotonic() > deadline:
                raise AssertionError('server %s still %s after %ss' % (
                    server_id, server['status'], timeout))
            time.sleep(0.05)

    def wait_for_volume(self, volume_id, status, timeout=10):
        """Poll GET /os-volumes/{id} until its status is ``status``;
        returns the volume dict."""
        deadline = time.monotonic() + timeout
        while True:
            resp = self.get('/os-volumes/%s' % volume_id)
            assert resp.status == 200, resp
            volume = resp.body['volume']
            if volume['status'] == status:
                return volume
            if time.monotonic() > deadline:
                raise AssertionError('volume %s still %s after %ss' % (
                    volume_id, volume['status'], timeout))
            time.sleep(0.02)

    def action(self, server_id, name, args=None):
        """POST /servers/{id}/action ``{name: args}``; the response."""
        return self.post('/servers/%s/action' % server_id, {name: args})

    def wait_for_task(self, server_id, status=None, timeout=30):
        """Poll until the server has no task in flight (and, with
        ``status``, shows it); returns the server dict."""
        deadline = time.monotonic() + timeout
        while True:
            resp = self.get('/servers/%s' % server_id)
            assert resp.status == 200, resp
            server = resp.body['server']
            if server['OS-EXT-STS:task_state'] is None and \
                    status in (None, server['status']):
                return server
            if time.monotonic() > deadline:
                raise AssertionError(
                    'server %s still %s (task %s) after %ss' % (
                        server_id, server['status'],
                        server['OS-EXT-STS:task_state'], timeout))
            time.sleep(0.02)

    def wait_for_deleted(self, server_id, timeout=30):
        deadline = time.monotonic() + timeout
        while self.get('/servers/%s' % server_id).status != 404:
            if time.monotonic() > deadline:
                raise AssertionError('server %s not deleted after %ss' % (
                    server_id, timeout))
            time.sleep(0.05)


class AllInOneFixture(fixtures.Fixture):
    """The all-in-one cloud, started; ``config`` is the text of a config
    file it reads (as ``minova-all --config-file``), ``overrides`` as for
    ConfFixture (``**{'fake_driver.fail_spawn_on_hosts': ['host1']}``),
    which win over it.

    Attributes: ``conf``, ``services``, ``port``, ``api`` (an admin
    client), ``image_id`` (the bootstrap image).
    """

    def __init__(self, compute_hosts=('host1', 'host2'), config='',
                 **overrides):
        super().__init__()
        self.compute_hosts = list(compute_hosts)
        self.config = config
        self.overrides = overrides

    def _setUp(self):
        # The services' logs go to the test's details (shown on failure).
        self.logger = self.useFixture(fixtures.FakeLogger(
            level=logging.INFO,
            format='%(asctime)s %(levelname)s %(name)s %(message)s'))
        # A bus of its own: a cast left over by an earlier test in this
        # process must not reach this test's services. oslo.messaging's
        # fake driver shares its exchanges by name across the process, so
        # the exchange name is what keeps tests apart.
        bus = uuid.uuid4().hex
        options = {
            'transport_url': 'inproc:///%s' % bus,
            'control_exchange': 'minova-%s' % bus,
            'osapi_compute_listen': '127.0.0.1',
            'osapi_compute_listen_port': 0,
            'api.auth_strategy': 'noauth2',
            'compute_driver': 'fake.FakeDriver',
            'report_interval': 1,
            'periodic_interval': 1,
            'graceful_shutdown_timeout': 10,
            'all_in_one.compute_hosts': self.compute_hosts,
            'all_in_one.bootstrap': True,
        }
        options.update(self.overrides)
        config_file = os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'minova.conf')
        with open(config_file, 'w') as f:
            f.write(self.config)
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            config_files=[config_file], **options)).conf
        self.conf.set_override(
            'connection', 'sqlite:///%s/minova.sqlite' % self.conf.state_path,
            group='database')
        session.reset()
        self.addCleanup(session.reset)
        transport = rpc.get_transport(self.conf)
        self.services = minova_all.build(self.conf, transport)
        self.addCleanup(self._stop)
        self._started = []
        for service in self.services:
            service.start()
            self._started.append(service)
        self.image_id = self._bootstrap()
        self.port = self.services[-1].port  # minova-all starts the API last
        self.api = APIClient(self.port)

    def _bootstrap(self):
        """What ``minova-all`` registers on a new state directory (done
        here as well: both calls do nothing when it was done)."""
        flavors.bootstrap_flavors()
        context = minova_context.get_admin_context()
        local_image.bootstrap(self.conf, context)
        with session.reader() as s:
            return s.query(models.Image.id).filter_by(
                name=local_image.BOOTSTRAP_IMAGE_NAME).scalar()

    def _stop(self):
        minova_service.stop_all(self._started)

    def client(self, token=ADMIN_TOKEN, microversion=None):
        return APIClient(self.port, token=token, microversion=microversion)

    def count_instances(self, deleted=False):
        """Instance rows in the database (live ones unless ``deleted``)."""
        with session.reader() as s:
            query = s.query(models.Instance)
            if not deleted:
                query = query.filter(models.Instance.deleted == 0)
            return query.count()

    def count_rows(self):
        """Rows of every table a boot writes: proof that a refused request
        wrote nothing."""
        with session.reader() as s:
            return {model.__tablename__: s.query(model).count() for model in (
                models.Instance, models.InstanceMetadata,
                models.BlockDeviceMapping, models.RequestSpec,
                models.InstanceAction, models.InstanceActionEvent,
                models.InstanceFault, models.Allocation, models.FixedIP)}

    def create_flavor(self, name, ram, vcpus=1, disk=1, flavorid=None):
        return flavors.create(name, ram, vcpus, disk,
                              flavorid=flavorid or uuidutils.generate_uuid())


class RefusalTestCase(testtools.TestCase):
    """Tests of refused requests, sharing one cloud per class (built with
    ``cloud_options``): each test must leave the database as it found it,
    every table a boot writes with as many rows after it as before."""

    cloud_options = {'compute_hosts': ['host1']}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cloud = AllInOneFixture(**cls.cloud_options)
        cls.cloud.setUp()

    @classmethod
    def tearDownClass(cls):
        cls.cloud.cleanUp()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        rows = self.cloud.count_rows()
        self.addCleanup(lambda: self.assertEqual(rows,
                                                 self.cloud.count_rows()))
