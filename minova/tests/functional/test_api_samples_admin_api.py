"""The samples of the admin routes (doc/api_samples/compute/): host
aggregates, services, hypervisors and migrations."""

from minova.tests.functional import api_samples

# The last version of the hypervisor routes Nova removed at 2.53.
BEFORE_2_53 = '2.52'


class TestAdminSamples(api_samples.SampleTestCase):
    overrides = {'compute_hosts': ['host1', 'host2']}

    def test_aggregates(self):
        aggregate_id = self.sample('POST', '/os-aggregates', {'aggregate': {
            'name': 'fast', 'availability_zone': 'fast-zone'}}).body[
                'aggregate']['id']
        self.sample('GET', '/os-aggregates')
        ids = dict(aggregate_id=aggregate_id)
        self.sample('GET', '/os-aggregates/{aggregate_id}', **ids)
        self.sample('PUT', '/os-aggregates/{aggregate_id}', {'aggregate': {
            'name': 'fast-ssd'}}, **ids)
        action = '/os-aggregates/{aggregate_id}/action'
        self.sample('POST', action, {'add_host': {'host': 'host1'}},
                    action='add_host', **ids)
        self.sample('POST', action, {'set_metadata': {'metadata': {
            'ssd': 'true'}}}, action='set_metadata', **ids)
        self.sample('POST', action, {'remove_host': {'host': 'host1'}},
                    action='remove_host', **ids)
        self.sample('DELETE', '/os-aggregates/{aggregate_id}', **ids)

    def test_services_hypervisors_and_migrations(self):
        # A migration to list: a server moved from one host to the other.
        server_id = self.boot_and_wait()['id']
        self.api.action(server_id, 'migrate')
        self.wait(server_id, 'VERIFY_RESIZE')
        self.api.action(server_id, 'confirmResize')
        self.wait(server_id, 'ACTIVE')
        self.sample('GET', '/os-migrations')

        hypervisors = self.sample('GET', '/os-hypervisors').body[
            'hypervisors']
        self.sample('GET', '/os-hypervisors/detail')
        self.sample('GET', '/os-hypervisors/statistics')
        ids = dict(hypervisor_id=hypervisors[0]['id'])
        self.sample('GET', '/os-hypervisors/{hypervisor_id}', **ids)
        self.sample('GET', '/os-hypervisors/{hypervisor_id}/uptime', **ids)
        pattern = dict(hypervisor_hostname_pattern='host')
        self.sample('GET', '/os-hypervisors/{hypervisor_hostname_pattern}/'
                    'search', version=BEFORE_2_53, **pattern)
        self.sample('GET', '/os-hypervisors/{hypervisor_hostname_pattern}/'
                    'servers', version=BEFORE_2_53, **pattern)

        services = self.sample('GET', '/os-services').body['services']
        [host2] = [s for s in services if s['host'] == 'host2' and
                   s['binary'] == 'minova-compute']
        service = '/os-services/{service_id}'
        self.sample('PUT', service, {'status': 'disabled',
                                     'disabled_reason': 'maintenance'},
                    service_id=host2['id'])
        # Deleting a compute service deletes its hypervisor: one with no
        # server.
        self.api.delete('/servers/%s' % server_id)
        self.api.wait_for_deleted(server_id)
        self.sample('DELETE', service, service_id=host2['id'], status=204)
