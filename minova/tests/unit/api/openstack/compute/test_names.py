"""Names must be printable (Nova's ``name`` format): a control, format or
bidi-override character, or leading or trailing whitespace, is refused
with 400 naming the field, on every resource that takes a name."""

from minova.tests.unit.api.openstack.compute import base

# Each refused for its own reason: a right-to-left override, a C1 control,
# a zero-width space, a line separator, a trailing newline, a no-break space
# at the end.
BAD_NAMES = ('web\u202egpj.exe', 'a\x85b', 'a\u200bb', 'a\u2028b', 'web\n',
             'web\u00a0')
GOOD_NAMES = ('web 1', 'café', '日本語', 'a-b_c.d:e')


class TestPrintableNames(base.APITestCase):

    def _bodies(self, name):
        """(path, body, token) of each request that takes a name."""
        return [
            ('/servers', {'server': {'name': name, 'imageRef': self.image_id,
                                     'flavorRef': '1'}}, base.DEMO),
            ('/flavors', {'flavor': {'name': name, 'ram': 64, 'vcpus': 1,
                                     'disk': 1}}, base.ADMIN),
            ('/os-server-groups', {'server_group': {
                'name': name, 'policies': ['affinity']}}, base.DEMO),
            ('/os-aggregates', {'aggregate': {'name': name}}, base.ADMIN),
        ]

    def test_unprintable_names_are_refused(self):
        for name in BAD_NAMES:
            for path, body, token in self._bodies(name):
                resp = self.request(path, 'POST', body, token=token)
                self.assertFault(resp, 400, 'field/attribute name',
                                 ascii(name), 'printable characters')

    def test_printable_names_are_accepted(self):
        for name in GOOD_NAMES:
            for path, body, token in self._bodies(name):
                resp = self.request(path, 'POST', body, token=token)
                self.assertLess(resp.status_int, 300, (path, resp.text))

    def test_metadata_key_with_a_trailing_newline_is_refused(self):
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'web', 'imageRef': self.image_id, 'flavorRef': '1',
            'metadata': {'role\n': 'web'}}})
        self.assertFault(resp, 400, 'field/attribute metadata',
                         "'role\\n' does not match")
