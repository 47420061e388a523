"""The Image API version documents, as Glance answers them, so that
keystoneauth and openstacksdk discover minova's image API: ``/image``
lists the versions (300 Multiple Choices, as Glance's root), and
``/image/versions`` too (200). No token needed.

minova lists what Glance lists with image import disabled: v2.5 as
CURRENT and every older v2 as SUPPORTED (v2.6 and later announce the
import API, which minova does not serve).
"""

from oslo_serialization import jsonutils
import webob
import webob.dec

from minova.api.openstack import faults

CURRENT = 'v2.5'
SUPPORTED = ('v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0')


def build_versions(req):
    """``{"versions": [...]}``, newest first; each ``self`` link is
    ``<the image API>/v2/``."""
    href = req.application_url.rstrip('/') + '/v2/'

    def version(version_id, status):
        return {'id': version_id, 'status': status,
                'links': [{'rel': 'self', 'href': href}]}
    return {'versions': [version(CURRENT, 'CURRENT')] +
            [version(v, 'SUPPORTED') for v in SUPPORTED]}


@webob.dec.wsgify
def versions_app(req):
    """The app mounted at ``/image``: the version list at ``/`` and
    ``/v2`` (300) and at ``/versions`` (200); 404 for any other path."""
    path = req.path_info.rstrip('/')
    if path in ('', '/v2'):
        status = 300
    elif path == '/versions':
        status = 200
    else:
        return faults.fault_response(
            404, 'The image API has no version at %s (it has v2: %s/v2/)'
            % (req.path, req.application_url))
    return webob.Response(status=status, content_type='application/json',
                          body=jsonutils.dump_as_bytes(build_versions(req)))


def versions_app_factory(global_conf, **local_conf):
    """Paste app factory for :func:`versions_app`."""
    return versions_app
