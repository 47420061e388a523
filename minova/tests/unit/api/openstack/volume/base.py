"""A test case for the Block Storage API: the real paste pipeline under
``/volume`` over SQLite and the local volume back end (raw files in the
test's state directory)."""

from minova.tests.unit.api.openstack.compute import base

ADMIN = base.ADMIN
DEMO = base.DEMO


class VolumeAPITestCase(base.APITestCase):

    def vrequest(self, path, method='GET', body=None, token=DEMO,
                 version='3.71', project=None, **kwargs):
        """A request to ``/volume/v3/<project>`` + ``path`` (the token's
        project unless ``project``), at microversion ``version``."""
        headers = dict(kwargs.pop('headers', {}))
        if version:
            headers['OpenStack-API-Version'] = 'volume %s' % version
        if project is None:
            project = token.split(':')[1] if token else 'demo'
        prefix = '/volume/v3' + ('/' + project if project else '')
        return self.request(path, method, body, token, headers,
                            prefix=prefix, **kwargs)

    def create_volume(self, token=DEMO, **fields):
        volume = {'size': 1}
        volume.update(fields)
        resp = self.vrequest('/volumes', 'POST', {'volume': volume},
                             token=token)
        self.assertEqual(202, resp.status_int, resp.text)
        return resp.json['volume']
