"""A test case for the compute API's resources: the real paste pipeline and
router over a real (SQLite) database, with a ``fake://`` bus nobody
listens on -- a boot is written and cast, and goes no further, so a test
sets the states it needs itself."""

import json
import uuid

from oslo_utils import timeutils
import testtools
import webob

from minova.api import wsgi
from minova import context as minova_context
from minova.db import models
from minova.db import session
from minova import flavors
from minova.image import local as local_image
from minova.objects import instance as instance_obj
from minova.objects import instance_fault
from minova.objects import service as service_obj
from minova.tests import fixtures as minova_fixtures

ADMIN = 'admin:admin'
DEMO = 'demo:demo'


class APITestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # The casts of a boot stay on a bus of their own: oslo.messaging's
        # fake driver shares exchanges by name across the process, and no
        # other test may receive them.
        bus = uuid.uuid4().hex
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'transport_url': 'fake:///%s' % bus,
            'control_exchange': 'minova-test-%s' % bus,
            'api.auth_strategy': 'noauth2'})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        flavors.bootstrap_flavors()
        self.admin_context = minova_context.get_admin_context()
        self.image = local_image.LocalImageAPI(self.conf).create(
            self.admin_context, 'cirros', b'\0' * 1024, disk_format='raw')
        self.image_id = self.image['id']
        self.app = wsgi.init_application(self.conf)

    def request(self, path, method='GET', body=None, token=DEMO,
                headers=None, raw=None, prefix='/v2.1'):
        headers = dict(headers or {})
        if token:
            headers['X-Auth-Token'] = token
        req = webob.Request.blank(prefix + path, method=method,
                                  headers=headers)
        if body is not None or raw is not None:
            req.content_type = 'application/json'
            req.body = raw if raw is not None else json.dumps(body).encode()
        return req.get_response(self.app)

    def assertFault(self, resp, status, *words):
        self.assertEqual(status, resp.status_int, resp.text)
        (fault,) = resp.json.values()
        for word in words:
            self.assertIn(word, fault['message'])
        return fault['message']

    def create_services(self, *hosts_and_binaries):
        """Services up now, as ``{(host, binary): Service}``."""
        services = {}
        for host, binary in hosts_and_binaries:
            service = service_obj.Service.get_or_create(
                self.admin_context, host, binary, 'topic', 1)
            service.heartbeat()
            services[host, binary] = service
        return services

    # -- servers -------------------------------------------------------------

    def create_server(self, token=DEMO, **fields):
        server = {'name': 'test', 'imageRef': self.image_id,
                  'flavorRef': '1'}
        server.update(fields)
        resp = self.request('/servers', 'POST', {'server': server},
                            token=token)
        self.assertEqual(202, resp.status_int, resp.text)
        return resp.json['server']['id']

    def set_state(self, server_id, **updates):
        """Change an instance as a compute would have."""
        return instance_obj.Instance.update_by_uuid(
            self.admin_context, server_id, updates)

    def make_active(self, server_id, host='host1', network_info=None):
        return self.set_state(
            server_id, vm_state='active', task_state=None, power_state=1,
            host=host, node=host, launched_at=timeutils.utcnow(),
            availability_zone='nova', network_info=network_info or [])

    def add_fault(self, server_id, message='boom', code=500,
                  details='Traceback...'):
        instance_fault.InstanceFault.create_for_instance(
            self.admin_context, server_id,
            {'code': code, 'message': message, 'details': details,
             'host': 'host1'})

    def count_rows(self):
        with session.reader() as s:
            return {model.__tablename__: s.query(model).count() for model in (
                models.Instance, models.InstanceMetadata,
                models.BlockDeviceMapping, models.RequestSpec,
                models.InstanceAction)}
