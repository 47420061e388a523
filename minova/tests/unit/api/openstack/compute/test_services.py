"""/os-services."""

from minova.tests.unit.api.openstack.compute import base


class TestServices(base.APITestCase):

    def setUp(self):
        super().setUp()
        self.create_services(('ctl', 'minova-conductor'),
                             ('c1', 'minova-compute'),
                             ('c2', 'minova-compute'))

    def test_index(self):
        services = self.request('/os-services', token=base.ADMIN).json[
            'services']
        self.assertEqual(
            [('ctl', 'minova-conductor', 'internal'),
             ('c1', 'minova-compute', 'nova'),
             ('c2', 'minova-compute', 'nova')],
            [(s['host'], s['binary'], s['zone']) for s in services])
        self.assertEqual({'id', 'binary', 'host', 'zone', 'status', 'state',
                          'updated_at', 'disabled_reason'}, set(services[0]))
        self.assertEqual(('enabled', 'up', None),
                         (services[0]['status'], services[0]['state'],
                          services[0]['disabled_reason']))
        self.assertRegex(services[0]['updated_at'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')

    def test_filters(self):
        def hosts(query):
            return [s['host'] for s in self.request(
                '/os-services?' + query, token=base.ADMIN).json['services']]

        self.assertEqual(['c1', 'c2'], hosts('binary=minova-compute'))
        self.assertEqual(['c2'], hosts('binary=minova-compute&host=c2'))
        self.assertEqual([], hosts('host=nope'))

    def test_disable_enable(self):
        body = {'host': 'c1', 'binary': 'minova-compute'}
        resp = self.request('/os-services/disable', 'PUT', body,
                            token=base.ADMIN)
        self.assertEqual({'service': dict(body, status='disabled')},
                         resp.json)
        resp = self.request('/os-services/disable-log-reason', 'PUT',
                            dict(body, disabled_reason='disk'),
                            token=base.ADMIN)
        self.assertEqual({'service': dict(body, status='disabled',
                                          disabled_reason='disk')},
                         resp.json)
        (c1,) = [s for s in self.request(
            '/os-services?host=c1', token=base.ADMIN).json['services']]
        self.assertEqual(('disabled', 'disk'),
                         (c1['status'], c1['disabled_reason']))
        resp = self.request('/os-services/enable', 'PUT', body,
                            token=base.ADMIN)
        self.assertEqual({'service': dict(body, status='enabled')},
                         resp.json)

    def test_refused(self):
        body = {'host': 'c1', 'binary': 'minova-compute'}
        self.assertFault(self.request('/os-services/disable-log-reason',
                                      'PUT', body, token=base.ADMIN), 400,
                         'Missing disabled reason field')
        self.assertFault(self.request('/os-services/disable', 'PUT',
                                      dict(body, colour='red'),
                                      token=base.ADMIN), 400, 'colour')
        self.assertFault(self.request('/os-services/disable', 'PUT',
                                      {'host': 'c1'}, token=base.ADMIN),
                         400, 'binary')
        self.assertFault(self.request('/os-services/disable', 'PUT', {
            'host': 'ctl', 'binary': 'minova-conductor'}, token=base.ADMIN),
            400, 'Only minova-compute services can be updated')
        self.assertFault(self.request('/os-services/disable', 'PUT', dict(
            body, host='c9'), token=base.ADMIN), 404, 'c9')
        self.assertFault(self.request('/os-services/restart', 'PUT', body,
                                      token=base.ADMIN), 404,
                         'Unknown action')
        self.assertFault(self.request('/os-services'), 403, 'os-services')
        self.assertFault(self.request('/os-services/disable', 'PUT', body),
                         403, 'os-services')

    def test_delete_2_1(self):
        (ctl,) = self.request('/os-services?binary=minova-conductor',
                              token=base.ADMIN).json['services']
        self.assertFault(self.request('/os-services/%d' % ctl['id'],
                                      'DELETE'), 403, 'os-services:delete')
        resp = self.request('/os-services/%d' % ctl['id'], 'DELETE',
                            token=base.ADMIN)
        self.assertEqual(204, resp.status_int, resp.text)
        self.assertEqual(['minova-compute', 'minova-compute'], [
            s['binary'] for s in self.request(
                '/os-services', token=base.ADMIN).json['services']])
        self.assertFault(self.request('/os-services/%d' % ctl['id'],
                                      'DELETE', token=base.ADMIN), 404,
                         'Service %d not found' % ctl['id'])
        self.assertFault(self.request('/os-services/x', 'DELETE',
                                      token=base.ADMIN), 400, 'integer')
