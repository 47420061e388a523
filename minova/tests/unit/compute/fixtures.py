"""A cloud in this process, for tests of the boot path.

Conductor, scheduler and computes run as real services on their own
``inproc://`` bus (a fresh one per test, so no message outlives its test)
with a real SQLite database, the default flavors and a small image.
"""

import logging
import time

import fixtures
from oslo_context import context as oslo_context
from oslo_messaging.notify import _impl_test as test_notifier
from oslo_utils import uuidutils
import sqlalchemy as sa

from minova.cmd import compute as compute_cmd
from minova.cmd import conductor as conductor_cmd
from minova.cmd import scheduler as scheduler_cmd
from minova.compute import api as compute_api
from minova import context
from minova.db import session
from minova import exception
from minova import flavors
from minova.image import local as local_image
from minova.objects import instance as instance_obj
from minova import rpc
from minova.tests import fixtures as minova_fixtures

# Loggers of the four services' boot path.
SERVICE_LOGGERS = {
    'api': 'minova.compute.api',
    'conductor': 'minova.conductor',
    'scheduler': 'minova.scheduler',
    'compute': 'minova.compute.manager',
}


def count_rows(model, **filters):
    """How many rows of ``model`` match ``filters`` (column == value)."""
    with session.reader() as s:
        query = sa.select(sa.func.count()).select_from(model)
        for key, value in filters.items():
            query = query.where(getattr(model, key) == value)
        return s.execute(query).scalar()


class RequestIdHandler(logging.Handler):
    """Keeps (logger name, message, request id of the current context) of
    every record: oslo.log prints the request id of the context current
    in the logging thread, so this is what the log would show."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        current = oslo_context.get_current()
        self.records.append((record.name, record.getMessage(),
                             getattr(current, 'request_id', None)))

    def request_ids(self, logger_prefix):
        return {request_id for name, _, request_id in self.records
                if name.startswith(logger_prefix)}


class CloudFixture(fixtures.Fixture):
    """Start a cloud: ``hosts`` computes (each may get its own option
    overrides in ``host_overrides``) plus conductor and scheduler."""

    def __init__(self, hosts=('compute1', 'compute2'), host_overrides=None,
                 **overrides):
        super().__init__()
        self.hosts = hosts
        self.host_overrides = host_overrides or {}
        self.overrides = overrides

    def _conf(self, **extra):
        url = 'inproc://%s' % self.bus
        options = dict({'transport_url': url,
                        'oslo_messaging_notifications.driver': ['test'],
                        'report_interval': 60},
                       **self.overrides)
        options.update(extra)
        return self.useFixture(minova_fixtures.ConfFixture(**options)).conf

    def _setUp(self):
        self.bus = uuidutils.generate_uuid()
        self.conf = self._conf()
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        test_notifier.reset()
        self.log = RequestIdHandler()
        root = logging.getLogger('minova')
        root.addHandler(self.log)
        previous_level = root.level
        root.setLevel(logging.DEBUG)
        self.addCleanup(root.setLevel, previous_level)
        self.addCleanup(root.removeHandler, self.log)

        self.transport = rpc.get_transport(self.conf)
        self.admin_context = context.get_admin_context()
        self.context = context.RequestContext(user_id='demo',
                                              project_id='demo-project')
        self.flavors = {f.name: f for f in flavors.bootstrap_flavors()}
        self.image_id = local_image.bootstrap(self.conf, self.admin_context)

        self.services = {}
        self._start('conductor', conductor_cmd.build(self.conf,
                                                     self.transport)[0])
        self._start('scheduler', scheduler_cmd.build(self.conf,
                                                     self.transport)[0])
        for host in self.hosts:
            self.start_compute(host)
        self.api = compute_api.API(self.conf, self.transport)
        # Runs first: stopping services under a build in flight would
        # leave a call waiting for a service that is gone.
        self.addCleanup(self._drain)

    def _drain(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = [i for i in instance_obj.InstanceList.get_by_filters(
                self.admin_context, {}, expected_attrs=())
                if i.task_state is not None]
            if not busy:
                return
            time.sleep(0.05)

    def _start(self, name, service):
        service.start()
        self.addCleanup(service.stop)
        self.services[name] = service
        return service

    def start_compute(self, host):
        conf = self.conf
        if host in self.host_overrides:
            conf = self._conf(**self.host_overrides[host])
            conf.set_override('connection', self.conf.database.connection,
                              group='database')
        return self._start(host, compute_cmd.build_compute(
            conf, self.transport, host=host))

    def driver(self, host):
        return self.services[host].manager.driver

    @staticmethod
    def notifications(event_type=None):
        return [message for _, message, _, _ in test_notifier.NOTIFICATIONS
                if event_type is None or message['event_type'] == event_type]

    def wait_for_notifications(self, event_type, count=1, timeout=5):
        """The ``event_type`` notifications once there are ``count``: a
        compute sends them after the write that a test waits for."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.notifications(event_type)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.01)

    def boot(self, name='server', flavor='m1.tiny', context=None, **kwargs):
        instances, _ = self.api.create(
            context or self.context, self.flavors[flavor].flavorid,
            self.image_id, name, **kwargs)
        return instances

    def wait_for(self, uuid, states=('active', 'error'), timeout=15,
                 context=None):
        """The instance once its vm_state is one of ``states`` and no task
        is in flight."""
        deadline = time.monotonic() + timeout
        while True:
            instance = instance_obj.Instance.get_by_uuid(
                context or self.admin_context, uuid,
                expected_attrs=('metadata', 'fault'))
            if instance.vm_state in states and instance.task_state is None:
                return instance
            if time.monotonic() > deadline:
                raise AssertionError(
                    'instance %s still %s/%s after %ss' % (
                        uuid, instance.vm_state, instance.task_state,
                        timeout))
            time.sleep(0.02)

    def wait_for_task(self, uuid, task_state, timeout=15):
        """The instance once its task_state is ``task_state``."""
        deadline = time.monotonic() + timeout
        while True:
            instance = instance_obj.Instance.get_by_uuid(self.admin_context,
                                                         uuid)
            if instance.task_state == task_state:
                return instance
            if time.monotonic() > deadline:
                raise AssertionError('instance %s still %s after %ss' % (
                    uuid, instance.task_state, timeout))
            time.sleep(0.005)

    def wait_deleted(self, uuid, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            try:
                instance_obj.Instance.get_by_uuid(self.admin_context, uuid)
            except exception.InstanceNotFound:
                return
            if time.monotonic() > deadline:
                raise AssertionError('instance %s not deleted after %ss' %
                                     (uuid, timeout))
            time.sleep(0.02)
