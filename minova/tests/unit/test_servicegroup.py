import datetime

import testtools

from minova.objects import service as service_obj
from minova import servicegroup

NOW = datetime.datetime(2026, 1, 1, 12, 0, 0)


def _service(**kwargs):
    values = dict(forced_down=False, last_seen_up=None, updated_at=None,
                  created_at=None)
    values.update(kwargs)
    return service_obj.Service(**values)


class TestIsUp(testtools.TestCase):
    def test_recent_heartbeat_is_up(self):
        svc = _service(last_seen_up=NOW - datetime.timedelta(seconds=59))
        self.assertTrue(servicegroup.is_up(svc, 60, now=NOW))

    def test_old_heartbeat_is_down(self):
        svc = _service(last_seen_up=NOW - datetime.timedelta(seconds=61))
        self.assertFalse(servicegroup.is_up(svc, 60, now=NOW))

    def test_never_seen_is_down(self):
        self.assertFalse(servicegroup.is_up(_service(), 60, now=NOW))

    def test_forced_down_is_down(self):
        svc = _service(last_seen_up=NOW, forced_down=True)
        self.assertFalse(servicegroup.is_up(svc, 60, now=NOW))
