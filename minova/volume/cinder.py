"""The cinder volume back end: OpenStack Block Storage through
python-cinderclient's v3 API, at microversion 3.44 (the attachments API
with ``attachment_complete``), as Nova's ``nova/volume/cinder.py`` uses it.

Each call goes out with the token of the request it serves (minova has no
service user): a keystoneauth1 session built from ``[cinder]`` (TLS,
timeout), an auth plugin that hands over the context's token, and
Cinder's endpoint from ``[cinder] endpoint_template`` or else from the
caller's service catalog (``[cinder] catalog_info``, ``os_region_name``).
The request id travels to Cinder as its global request id.

Cinder's answers become the contract's dicts (:mod:`minova.volume.api`);
its errors become minova's named exceptions: 404 -> VolumeNotFound,
SnapshotNotFound or VolumeAttachmentNotFound; 400 -> InvalidVolume with
Cinder's words; 403/413 -> Forbidden; 406 (no 3.44) ->
CinderAPIVersionNotAvailable; no connection -> CinderConnectionFailed.
"""

import contextlib

from cinderclient import client as cinder_client
from cinderclient import exceptions as cinder_exception
from keystoneauth1.access import service_catalog
from keystoneauth1 import exceptions as ks_exception
from keystoneauth1 import plugin
from keystoneauth1 import session as ks_session
from oslo_log import log as logging
from oslo_utils import strutils
from oslo_utils import timeutils

from minova import exception
from minova.volume import api

LOG = logging.getLogger(__name__)

MICROVERSION = '3.44'


class _ContextAuth(plugin.BaseAuthPlugin):
    """The request's token, and endpoints from the request's catalog."""

    def __init__(self, context):
        super().__init__()
        self.context = context

    def get_token(self, session, **kwargs):
        return self.context.auth_token

    def get_endpoint(self, session, service_type=None, interface=None,
                     region_name=None, service_name=None, **kwargs):
        catalog = service_catalog.ServiceCatalogV2(
            self.context.service_catalog)
        return catalog.url_for(service_type=service_type,
                               interface=interface, region_name=region_name,
                               service_name=service_name)


@contextlib.contextmanager
def _translated(not_found=None, **ids):
    """Cinder's and keystoneauth's errors as minova's (see the module
    doc); ``not_found(**ids)`` is raised for a 404."""
    try:
        yield
    except (cinder_exception.NotFound, ks_exception.NotFound) as e:
        if not_found is None:
            raise exception.NotFound(str(e))
        raise not_found(**ids)
    except cinder_exception.BadRequest as e:
        raise exception.InvalidVolume(reason=e.message)
    except (cinder_exception.Forbidden, cinder_exception.OverLimit) as e:
        raise exception.Forbidden('Cinder refused: %s' % e.message)
    except cinder_exception.Unauthorized as e:
        raise exception.Forbidden('Cinder refused the request\'s token: %s'
                                  % e.message)
    except (cinder_exception.ConnectionError,
            ks_exception.ConnectionError) as e:
        raise exception.CinderConnectionFailed(reason=str(e))
    except ks_exception.EndpointNotFound as e:
        raise exception.CinderConnectionFailed(reason=(
            '%s: no such endpoint in the request\'s service catalog; set '
            '[cinder] catalog_info or endpoint_template' % e))


def _time(value):
    """Cinder's ISO 8601 time as a naive UTC datetime."""
    return timeutils.normalize_time(timeutils.parse_isotime(value)) \
        if value else None


def _volume_dict(volume):
    body = volume.to_dict()
    attachments = [{'id': body['id'], 'attachment_id': a.get('attachment_id'),
                    'volume_id': body['id'], 'server_id': a.get('server_id'),
                    'device': a.get('device'),
                    'host_name': a.get('host_name')}
                   for a in body.get('attachments') or ()]
    return {
        'id': body['id'], 'name': body.get('name'),
        'description': body.get('description'), 'size': body['size'],
        'status': body['status'],
        'attach_status': 'attached' if attachments else 'detached',
        'availability_zone': body.get('availability_zone'),
        'volume_type': body.get('volume_type'),
        'snapshot_id': body.get('snapshot_id'),
        'image_id': (body.get('volume_image_metadata') or {}).get('image_id'),
        'bootable': strutils.bool_from_string(body.get('bootable')),
        'multiattach': bool(body.get('multiattach')),
        'metadata': body.get('metadata') or {},
        'project_id': body.get('os-vol-tenant-attr:tenant_id'),
        'user_id': body.get('user_id'),
        'created_at': _time(body.get('created_at')),
        'attachments': attachments,
    }


def _snapshot_dict(snapshot):
    body = snapshot.to_dict()
    return {'id': body['id'], 'volume_id': body['volume_id'],
            'status': body['status'], 'size': body['size'],
            'name': body.get('name'), 'description': body.get('description'),
            'project_id': body.get('os-extended-snapshot-attributes:'
                                   'project_id'),
            'created_at': _time(body.get('created_at'))}


def _attachment_dict(attachment):
    """Cinder's attachment, its flat ``connection_info`` split into
    ``driver_volume_type`` and ``data`` (what a virt driver reads), as
    Nova's ``_translate_attachment_ref`` does."""
    body = attachment if isinstance(attachment, dict) else \
        attachment.to_dict()
    flat = dict(body.get('connection_info') or {})
    connection_info = {}
    if flat:
        flat.pop('attachment_id', None)
        connection_info = {
            'driver_volume_type': flat.pop('driver_volume_type', None),
            'data': flat, 'serial': body['volume_id']}
    return {'id': body['id'], 'volume_id': body['volume_id'],
            'instance': body.get('instance'), 'status': body['status'],
            'attach_mode': body.get('attach_mode'),
            'connection_info': connection_info}


class CinderVolumeAPI(api.VolumeAPI):
    """Volumes in OpenStack Block Storage."""

    def __init__(self, conf):
        super().__init__(conf)
        options = conf.cinder
        verify = False if options.insecure else (options.cafile or True)
        self._session = ks_session.Session(verify=verify,
                                           timeout=options.timeout)

    def _client(self, context):
        """A cinderclient for ``context``, at microversion 3.44."""
        if not context.auth_token:
            raise exception.CinderAuthRequired()
        options = self.conf.cinder
        service_type, service_name, interface = \
            options.catalog_info.split(':')
        endpoint = None
        if options.endpoint_template:
            endpoint = options.endpoint_template % context.to_dict()
        return cinder_client.Client(
            MICROVERSION, session=self._session, auth=_ContextAuth(context),
            endpoint_override=endpoint, service_type=service_type,
            service_name=service_name or None, interface=interface,
            region_name=options.os_region_name,
            connect_retries=options.http_retries,
            global_request_id=context.global_id)

    def _call(self, context, manager, method, *args, **kwargs):
        """``client.<manager>.<method>(*args, **kwargs)``; a 406 (Cinder
        without 3.44) names the version and the endpoint."""
        client = self._client(context)
        try:
            return getattr(getattr(client, manager), method)(*args, **kwargs)
        except cinder_exception.NotAcceptable:
            raise exception.CinderAPIVersionNotAvailable(
                version=MICROVERSION,
                url=self.conf.cinder.endpoint_template or 'the catalog\'s '
                'endpoint')

    # -- volumes -----------------------------------------------------------

    def get(self, context, volume_id):
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            return _volume_dict(self._call(context, 'volumes', 'get',
                                           volume_id))

    def get_all(self, context):
        with _translated():
            return [_volume_dict(v)
                    for v in self._call(context, 'volumes', 'list')]

    def create(self, context, size, name=None, description=None,
               snapshot=None, image_id=None, volume_type=None, metadata=None,
               availability_zone=None):
        with _translated():
            return _volume_dict(self._call(
                context, 'volumes', 'create', size,
                snapshot_id=snapshot['id'] if snapshot else None,
                name=name, description=description, volume_type=volume_type,
                availability_zone=availability_zone, metadata=metadata,
                imageRef=image_id))

    def delete(self, context, volume_id):
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            self._call(context, 'volumes', 'delete', volume_id)

    def update(self, context, volume_id, **fields):
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            self._call(context, 'volumes', 'update', volume_id, **fields)
        return self.get(context, volume_id)

    def extend(self, context, volume_id, new_size):
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            self._call(context, 'volumes', 'extend', volume_id, new_size)
        return self.get(context, volume_id)

    # -- attachments -------------------------------------------------------

    def attachment_create(self, context, volume_id, instance_uuid,
                          connector=None, mountpoint=None):
        if connector and mountpoint:
            connector = dict(connector, mountpoint=mountpoint)
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            return _attachment_dict(self._call(
                context, 'attachments', 'create', volume_id, connector,
                instance_uuid))

    def attachment_get(self, context, attachment_id):
        with _translated(exception.VolumeAttachmentNotFound,
                         attachment_id=attachment_id):
            return _attachment_dict(self._call(context, 'attachments',
                                               'show', attachment_id))

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        if mountpoint and 'mountpoint' not in connector:
            connector = dict(connector, mountpoint=mountpoint)
        with _translated(exception.VolumeAttachmentNotFound,
                         attachment_id=attachment_id):
            return _attachment_dict(self._call(
                context, 'attachments', 'update', attachment_id, connector))

    def attachment_complete(self, context, attachment_id):
        with _translated(exception.VolumeAttachmentNotFound,
                         attachment_id=attachment_id):
            self._call(context, 'attachments', 'complete', attachment_id)

    def attachment_delete(self, context, attachment_id):
        try:
            with _translated(exception.VolumeAttachmentNotFound,
                             attachment_id=attachment_id):
                self._call(context, 'attachments', 'delete', attachment_id)
        except exception.VolumeAttachmentNotFound:
            LOG.info('Attachment %s was gone already', attachment_id)

    # -- snapshots -----------------------------------------------------------

    def get_snapshot(self, context, snapshot_id):
        with _translated(exception.SnapshotNotFound, snapshot_id=snapshot_id):
            return _snapshot_dict(self._call(context, 'volume_snapshots',
                                             'get', snapshot_id))

    def get_all_snapshots(self, context):
        with _translated():
            return [_snapshot_dict(s) for s in self._call(
                context, 'volume_snapshots', 'list')]

    def create_snapshot(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     False)

    def create_snapshot_force(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     True)

    def _create_snapshot(self, context, volume_id, name, description, force):
        with _translated(exception.VolumeNotFound, volume_id=volume_id):
            return _snapshot_dict(self._call(
                context, 'volume_snapshots', 'create', volume_id, force,
                name, description))

    def delete_snapshot(self, context, snapshot_id):
        with _translated(exception.SnapshotNotFound, snapshot_id=snapshot_id):
            self._call(context, 'volume_snapshots', 'delete', snapshot_id)
