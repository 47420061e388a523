"""The request context carries the caller's catalog (its volume entries)
from keystonemiddleware's header to the cinder volume back end, across
RPC too."""

from oslo_serialization import jsonutils
import testtools

from minova import context

CATALOG = [
    {'type': 'volumev3', 'name': 'cinderv3', 'endpoints': [
        {'region': 'RegionOne', 'publicURL': 'http://cinder/v3/p'}]},
    {'type': 'compute', 'name': 'nova', 'endpoints': [
        {'region': 'RegionOne', 'publicURL': 'http://nova/v2.1'}]}]


class TestServiceCatalog(testtools.TestCase):

    def test_from_the_header_keystonemiddleware_sets(self):
        ctx = context.RequestContext.from_environ({
            'HTTP_X_USER_ID': 'u', 'HTTP_X_PROJECT_ID': 'p',
            'HTTP_X_AUTH_TOKEN': 'tok',
            'HTTP_X_SERVICE_CATALOG': jsonutils.dumps(CATALOG)})
        self.assertEqual([CATALOG[0]], ctx.service_catalog)
        self.assertEqual(('u', 'p', 'tok'),
                         (ctx.user_id, ctx.project_id, ctx.auth_token))

    def test_it_survives_the_trip_over_rpc(self):
        ctx = context.RequestContext(user_id='u', project_id='p',
                                     service_catalog=CATALOG)
        again = context.RequestContext.from_dict(
            jsonutils.loads(jsonutils.dumps(ctx.to_dict())))
        self.assertEqual([CATALOG[0]], again.service_catalog)
        self.assertEqual([CATALOG[0]], ctx.elevated().service_catalog)

    def test_none_is_an_empty_catalog(self):
        self.assertEqual([], context.RequestContext().service_catalog)
        self.assertEqual([], context.RequestContext.from_environ(
            {}).service_catalog)
