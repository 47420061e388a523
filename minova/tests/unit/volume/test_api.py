"""The checks every volume back end shares (minova.volume.api): Cinder's
rule for a new attachment and Nova's ``[cinder] cross_az_attach``."""

import testtools

from minova import context
from minova import exception
from minova.objects import instance as instance_obj
from minova.tests import fixtures as minova_fixtures
from minova.volume import api

SERVER = '6f0c5ad2-9d6c-4ab3-8a0d-5f4f0b9e3c11'


def volume(status, multiattach=False, servers=(), zone='nova'):
    return {'id': 'v1', 'status': status, 'multiattach': multiattach,
            'availability_zone': zone,
            'attachments': [{'server_id': s} for s in servers]}


class TestCheckAttachable(testtools.TestCase):

    def test_available_passes(self):
        api.check_attachable(volume('available'), SERVER)

    def test_in_use_by_another_server_names_it(self):
        e = self.assertRaises(exception.VolumeInUse, api.check_attachable,
                              volume('in-use', servers=['s2']), SERVER)
        self.assertIn('attached to server s2', e.format_message())

    def test_multiattach_or_the_same_server_passes(self):
        api.check_attachable(volume('in-use', True, ['s2']), SERVER)
        api.check_attachable(volume('in-use', servers=[SERVER]), SERVER)
        api.check_attachable(volume('reserved'), SERVER, servers=[SERVER])

    def test_error_and_other_statuses_say_what_is_needed(self):
        e = self.assertRaises(exception.VolumeInError, api.check_attachable,
                              volume('error', True), SERVER)
        self.assertIn('delete it and create another', e.format_message())
        for status in ('creating', 'deleting', 'reserved', 'attaching'):
            e = self.assertRaises(exception.VolumeNotAvailable,
                                  api.check_attachable, volume(status),
                                  SERVER)
            self.assertIn('is %s: attaching needs it available' % status,
                          e.format_message())
            self.assertEqual(400, e.code)


class TestVolumeAPIChecks(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.api = api.VolumeAPI(self.conf)
        self.context = context.RequestContext(user_id='u', project_id='p')
        self.instance = instance_obj.Instance(uuid=SERVER,
                                              availability_zone='az1')

    def test_check_attached(self):
        self.api.check_attached(self.context, volume('in-use'))
        e = self.assertRaises(exception.VolumeNotAvailable,
                              self.api.check_attached, self.context,
                              volume('available'))
        self.assertIn('detaching needs it in-use', e.format_message())

    def test_cross_az_attach_allowed_by_default(self):
        self.api.check_attach(self.context, volume('available'),
                              self.instance)

    def test_cross_az_attach_refused_when_off(self):
        self.conf.set_override('cross_az_attach', False, 'cinder')
        e = self.assertRaises(exception.VolumeNotInInstanceAZ,
                              self.api.check_attach, self.context,
                              volume('available'), self.instance)
        self.assertEqual(
            'Invalid volume: instance %s and volume v1 are not in the same '
            'availability_zone. Instance is in az1. Volume is in nova'
            % SERVER, e.format_message())
        self.api.check_attach(self.context, volume('available', zone='az1'),
                              self.instance)
        # Without an instance there is nothing to compare.
        self.api.check_availability_zone(self.context, volume('available'))
