"""The volume API's version documents and microversion header, as
keystoneauth's discovery and openstacksdk read them."""

from minova.tests.unit.api.openstack.volume import base


class TestVersions(base.VolumeAPITestCase):

    def test_root_is_multiple_choices_and_v3_is_ok_without_a_token(self):
        for path, status in (('/volume', 300), ('/volume/', 300),
                             ('/volume/v3', 200), ('/volume/v3/', 200)):
            resp = self.request('', token=None, prefix=path)
            self.assertEqual(status, resp.status_int, path)
            (version,) = resp.json['versions']
            self.assertEqual(('v3.0', '3.0', '3.71', 'CURRENT'), (
                version['id'], version['min_version'], version['version'],
                version['status']))
            self.assertIn({'rel': 'self',
                           'href': 'http://localhost/volume/v3/'},
                          version['links'])

    def test_an_unknown_version_is_404_naming_v3(self):
        resp = self.request('', token=None, prefix='/volume/v2/')
        self.assertFault(resp, 404, '/volume/v2/', 'v3')

    def test_the_answer_names_the_negotiated_version(self):
        for asked, answered in ((None, 'volume 3.0'),
                                ('3.44', 'volume 3.44'),
                                ('latest', 'volume 3.71')):
            resp = self.vrequest('/types', version=asked)
            self.assertEqual(200, resp.status_int)
            self.assertEqual(answered,
                             resp.headers['OpenStack-API-Version'])
            self.assertIn('OpenStack-API-Version', resp.headers['Vary'])
            self.assertNotIn('X-OpenStack-Nova-API-Version', resp.headers)

    def test_out_of_range_is_406_and_malformed_400(self):
        self.assertFault(self.vrequest('/types', version='3.72'), 406,
                         '3.72', 'maximum is 3.71')
        self.assertFault(self.vrequest('/types', version='2.1'), 406, '2.1')
        self.assertFault(self.vrequest('/types', version='3.x'), 400, '3.x')

    def test_a_compute_version_header_does_not_apply(self):
        resp = self.vrequest('/types', version=None,
                             headers={'OpenStack-API-Version': 'compute 2.1'})
        self.assertEqual('volume 3.0', resp.headers['OpenStack-API-Version'])

    def test_api_needs_a_token(self):
        self.assertEqual(401, self.vrequest('/volumes', token=None,
                                            project='demo').status_int)
