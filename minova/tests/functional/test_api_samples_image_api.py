"""The samples of the Image API (doc/api_samples/image/): images, their
data, tags and members, and the schemas, under ``/image/v2``."""

from minova.tests.functional import api_samples

PATCH = {'Content-Type': 'application/openstack-images-v2.1-json-patch'}
OCTETS = {'Content-Type': 'application/octet-stream'}
IMAGE = '/images/{image_id}'


class TestImageSamples(api_samples.SampleTestCase):
    overrides = {'compute_hosts': ['host1']}
    api_name = 'image'

    def test_images(self):
        image_id = self.sample('POST', '/images', {
            'name': 'cirros', 'disk_format': 'raw',
            'container_format': 'bare', 'visibility': 'shared',
            'min_disk': 1, 'tags': ['tiny'], 'os_distro': 'cirros'},
            status=201).body['id']
        ids = dict(image_id=image_id)
        self.sample('PUT', IMAGE + '/file', raw_body=b'\0' * 4096,
                    headers=OCTETS, status=204, **ids)
        self.sample('GET', IMAGE + '/file', **ids)
        self.sample('GET', '/images', query='?name=cirros')
        self.sample('GET', IMAGE, **ids)
        self.sample('PATCH', IMAGE, [
            {'op': 'replace', 'path': '/name', 'value': 'cirros-0.6'},
            {'op': 'add', 'path': '/hw_disk_bus', 'value': 'virtio'}],
            headers=PATCH, **ids)
        tag = IMAGE + '/tags/{tag}'
        self.sample('PUT', tag, tag='gold', status=204, **ids)
        self.sample('DELETE', tag, tag='gold', status=204, **ids)

        members = IMAGE + '/members'
        self.sample('POST', members, {'member': 'demo'}, **ids)
        self.sample('GET', members, **ids)
        member = members + '/{member_id}'
        self.sample('GET', member, member_id='demo', **ids)
        self.sample('PUT', member, {'status': 'accepted'}, member_id='demo',
                    token='demo:demo', **ids)
        self.sample('DELETE', member, member_id='demo', status=204, **ids)

        for name in ('image', 'images', 'member', 'members'):
            self.sample('GET', '/schemas/' + name)
        self.sample('DELETE', IMAGE, status=204, **ids)
