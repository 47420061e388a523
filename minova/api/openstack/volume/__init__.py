"""The Block Storage (Cinder) API v3 minova serves, under ``/volume``:
a subset of Cinder's, over minova's volume back end, so that openstacksdk
and ``openstack volume ...`` / ``openstack server add volume`` find
minova's volumes. A server's attachments are the compute API's
(``/v2.1/servers/{id}/os-volume_attachments``); ``/attachments`` serves
the calls a compute makes to a Cinder (minova's own, with ``[volume]
backend = cinder``).

This is its routing table, relative to ``/volume/v3``; each URL may start
with the caller's project id, as Cinder's do (``/volume/v3/{project_id}/
volumes``), or not (Cinder's 3.67). The version documents are
:mod:`.versions`; the microversions :mod:`.microversion`.
"""

from minova.api.openstack.volume import attachments
from minova.api.openstack.volume import snapshots
from minova.api.openstack.volume import types
from minova.api.openstack.volume import volumes
from minova.api.policies import volume as volume_rules
from minova.api import wsgi

_volumes = volumes.VolumesController
_snapshots = snapshots.SnapshotsController
_types = types.TypesController
_attachments = attachments.AttachmentsController

ROUTES = {
    '/volumes': {'GET': (_volumes, 'index'), 'POST': (_volumes, 'create')},
    '/volumes/detail': {'GET': (_volumes, 'detail')},
    '/volumes/{volume_id}': {'GET': (_volumes, 'show'),
                             'PUT': (_volumes, 'update'),
                             'DELETE': (_volumes, 'delete')},
    '/volumes/{volume_id}/action': {'POST': (_volumes, 'action')},
    '/snapshots': {'GET': (_snapshots, 'index'),
                   'POST': (_snapshots, 'create')},
    '/snapshots/detail': {'GET': (_snapshots, 'detail')},
    '/snapshots/{snapshot_id}': {'GET': (_snapshots, 'show'),
                                 'DELETE': (_snapshots, 'delete')},
    '/types': {'GET': (_types, 'index')},
    '/types/{type_id}': {'GET': (_types, 'show')},
    '/attachments': {'POST': (_attachments, 'create')},
    '/attachments/{attachment_id}': {'GET': (_attachments, 'show'),
                                     'PUT': (_attachments, 'update'),
                                     'DELETE': (_attachments, 'delete')},
    '/attachments/{attachment_id}/action': {
        'POST': (_attachments, 'action')},
}

# Any project id: noauth2's are names (``admin``), not hex.
PROJECT_ID_PATTERN = r'[^/]+'


def router_factory(global_conf, **local_conf):
    """Paste app factory: the v3 router over :data:`ROUTES`, each route
    checking its Cinder policy rule."""
    return wsgi.APIRouter(wsgi.conf_from(global_conf), ROUTES,
                          project_id_pattern=PROJECT_ID_PATTERN,
                          route_rules=volume_rules.ROUTE_RULES)
