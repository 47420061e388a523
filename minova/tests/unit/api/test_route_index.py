"""doc/source/api_routes.rst and api_samples.rst are what the routing
tables say, and every route has its sample in doc/api_samples."""

import os

import testtools

from minova.api import route_index

DOC = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'doc')
PAGE = os.path.join(DOC, 'source', 'api_routes.rst')
SAMPLES_PAGE = os.path.join(DOC, 'source', 'api_samples.rst')


class TestRouteIndex(testtools.TestCase):

    def test_the_page_matches_the_routing_tables(self):
        with open(PAGE) as f:
            self.assertEqual(
                route_index.render(), f.read(),
                'doc/source/api_routes.rst is stale: regenerate it with '
                '"python -m minova.api.route_index"')

    def test_the_samples_page_matches_the_routing_tables(self):
        with open(SAMPLES_PAGE) as f:
            self.assertEqual(
                route_index.render_samples(), f.read(),
                'doc/source/api_samples.rst is stale: regenerate it with '
                '"python -m minova.api.route_index"')

    def test_every_route_has_a_sample_and_every_sample_a_route(self):
        wanted = {(api, name) for api, _prefix, _template, _method,
                  _action, name in route_index.samples()}
        present = {(api, name) for api in os.listdir(route_index.SAMPLES_DIR)
                   for name in os.listdir(os.path.join(
                       route_index.SAMPLES_DIR, api))}
        self.assertEqual(set(), wanted - present,
                         'routes without a sample: write them with '
                         'MINOVA_REGENERATE_SAMPLES=1 tox -e functional -- '
                         'test_api_samples')
        self.assertEqual(set(), present - wanted,
                         'samples of no route: delete them')
        # One per route and method, one per action of the action routes.
        self.assertIn(('compute', 'servers-server_id-action-post-os-stop.json'),
                      wanted)
        self.assertIn(('compute', 'servers-server_id-get.json'), wanted)
        self.assertIn(('volume', 'volumes-post.json'), wanted)

    def test_sample_names(self):
        self.assertEqual('root-get.json', route_index.sample_name('', 'GET'))
        self.assertEqual('root-slash-get.json',
                         route_index.sample_name('/', 'GET'))
        self.assertEqual(
            'os-aggregates-aggregate_id-action-post-add_host.json',
            route_index.sample_name('/os-aggregates/{aggregate_id}/action',
                                    'POST', 'add_host'))

    def test_each_route_is_listed_once_with_its_range_and_rule(self):
        page = route_index.render()
        self.assertIn('     - ``/v2.1/servers/{server_id}/tags``\n'
                      '     - 2.26-latest\n'
                      '     - ``os_compute_api:os-server-tags:index``', page)
        self.assertIn('     - ``/volume/v3/volumes``\n'
                      '     - 3.0-latest\n'
                      '     - ``volume:create``', page)
        self.assertEqual(1, page.count('     - ``/v2.1/servers/detail``'))
