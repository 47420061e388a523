"""The Block Storage version documents, as Cinder answers them, so that
keystoneauth and openstacksdk discover minova's volume API: ``/volume/``
lists the versions (300 Multiple Choices, as Cinder's root), ``/volume/v3``
and ``/volume/v3/`` too (200). No token needed."""

from oslo_serialization import jsonutils
import webob
import webob.dec

from minova.api.openstack import faults
from minova.api.openstack.volume import microversion

V3 = {
    'id': 'v3.0',
    'status': 'CURRENT',
    'version': str(microversion.MAX_VERSION),
    'min_version': str(microversion.MIN_VERSION),
    'updated': '2023-08-31T00:00:00Z',
    'media-types': [{'base': 'application/json',
                     'type': 'application/vnd.openstack.volume+json;'
                             'version=3'}],
}
_DESCRIBED_BY = {'rel': 'describedby', 'type': 'text/html',
                 'href': 'https://docs.openstack.org/'}


def build_versions(req):
    """``{"versions": [...]}``; ``self`` is ``<the volume API>/v3/``."""
    self_link = {'rel': 'self',
                 'href': req.application_url.rstrip('/') + '/v3/'}
    return {'versions': [dict(V3, links=[_DESCRIBED_BY, self_link])]}


@webob.dec.wsgify
def versions_app(req):
    """The app mounted at ``/volume``: the version list, at ``/`` (300)
    and at ``/v3`` (200); 404 for any other path."""
    path = req.path_info.rstrip('/')
    if path == '':
        status = 300
    elif path == '/v3':
        status = 200
    else:
        return faults.fault_response(
            404, 'The volume API has no version at %s (it has v3: %s/v3/)'
            % (req.path, req.application_url))
    return webob.Response(status=status, content_type='application/json',
                          body=jsonutils.dump_as_bytes(build_versions(req)))


def versions_app_factory(global_conf, **local_conf):
    """Paste app factory for :func:`versions_app`."""
    return versions_app
