"""Every versioned object's fingerprint: a field change without a version
bump fails here. After bumping a VERSION, update its hash below."""

import testtools
from oslo_versionedobjects import fixture

from minova.objects import base

EXPECTED = {
    'BlockDeviceMapping': '1.1-dc1acdd731e42143753ada4e2dd03e49',
    'ComputeNode': '1.1-5bf0b6bd6fec5a8054983c87cdfe8f3f',
    'Flavor': '1.0-a288ae6916f4771646d21391e0a92b43',
    'ImageMeta': '1.0-20cecb4efc4e38addad7d1bf673e05e7',
    'Instance': '1.2-a978be4a2d6ec81c905801a91ab114b6',
    'InstanceAction': '1.1-611e16cf3879a9a2ab10f61adbd75a2b',
    'InstanceActionEvent': '1.0-54da21506954a3541bde328e6abf510d',
    'InstanceFault': '1.0-de5c4ace4c7db0e0609b5b9df0c27dec',
    'InstanceGroup': '1.0-4d4bf5415002d96693f425cc5a7a1e5d',
    'InstanceGroupList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'InstanceList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'KeyPair': '1.0-3a8844dd5ca5b1f53e5778160307221d',
    'KeyPairList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'Migration': '1.0-1efb1ceaaaed2787a1d6ccdee0610d0f',
    'RequestSpec': '1.2-a774f53c3f53e92029ddc75a68111c17',
    'SchedulerRetries': '1.0-842099775ad19981c5dd0b1b006f2e3e',
    'Selection': '1.0-3b2c34dedca5851f563d2a957efdfd7c',
    'Service': '1.0-8343e40b4c4c28c9057fbfc50ad0c238',
}


class TestObjectVersions(testtools.TestCase):
    def test_versions(self):
        checker = fixture.ObjectVersionChecker(
            base.MinovaObjectRegistry.obj_classes())
        expected, actual = checker.test_hashes(EXPECTED)
        self.assertEqual(expected, actual,
                         'An object changed: bump its VERSION, say why in '
                         'its version comment, and update EXPECTED here.')
