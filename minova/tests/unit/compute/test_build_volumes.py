"""The build's wait for a volume it created (Nova's
``_await_block_device_map_created``): how many looks, and what a volume
that never gets there is told as."""

import types

import testtools

from minova.compute.manager import build
from minova import exception


class Volumes:
    def __init__(self, *statuses):
        self.statuses = list(statuses)
        self.looks = 0

    def get(self, context, volume_id):
        self.looks += 1
        return {'id': volume_id, 'status': self.statuses.pop(0)}


def _manager(volumes, retries=3):
    conf = types.SimpleNamespace(block_device_allocate_retries=retries,
                                 block_device_allocate_retries_interval=0)
    return types.SimpleNamespace(conf=conf, volume_api=volumes)


class TestAwaitVolume(testtools.TestCase):
    wait = staticmethod(build.BuildMixin._await_block_device_map_created)

    def test_creating_then_available_counts_the_attempts(self):
        volumes = Volumes('creating', 'downloading', 'available')
        self.assertEqual(3, self.wait(_manager(volumes), None, 'v1'))

    def test_error_stops_at_once_naming_the_status(self):
        volumes = Volumes('creating', 'error', 'available')
        e = self.assertRaises(exception.VolumeNotCreated, self.wait,
                              _manager(volumes), None, 'v1')
        self.assertEqual(2, volumes.looks)
        self.assertIn('Volume v1', str(e))
        self.assertIn('status is error', str(e))

    def test_it_gives_up_after_the_retries(self):
        volumes = Volumes(*['creating'] * 10)
        e = self.assertRaises(exception.VolumeNotCreated, self.wait,
                              _manager(volumes, retries=2), None, 'v1')
        self.assertEqual(3, volumes.looks)  # the first look, then 2 more
        self.assertIn('3 attempts', str(e))
