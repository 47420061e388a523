"""A Cinder for tests: the part of Block Storage API v3 that minova's
cinder back end uses, served over real HTTP, answering as Cinder does.

Each request is checked against Cinder's API reference before it is
answered: the URL and method (the route table below), the project in the
URL against the token's (Cinder's noauth tokens are ``user:project``),
the microversion (``OpenStack-API-Version: volume 3.x``: the attachments
API needs 3.27, ``os-complete`` 3.44; above the server's maximum is a
406) and the body against a JSON schema made from Cinder's own request
schemas. A request that fails a check gets Cinder's error answer; the
tests read ``cinder.requests`` to see what was sent.

State is in memory, and Cinder's work is done at once: a volume or a
snapshot answered ``creating`` is ``available`` by the next request.
"""

import re
import threading
import uuid

import fixtures
import jsonschema
from oslo_serialization import jsonutils
from oslo_utils import timeutils
import webob
import webob.dec

from minova.api import server

_UUID = r'[0-9a-f-]{36}'
_NAME = {'type': ['string', 'null'], 'maxLength': 255}
_METADATA = {'type': ['object', 'null'],
             'additionalProperties': {'type': 'string', 'maxLength': 255}}

# Cinder's request schemas (cinder/api/schemas/*.py), as minova needs them.
VOLUME_CREATE = {
    'type': 'object', 'required': ['volume'], 'additionalProperties': False,
    'properties': {'volume': {
        'type': 'object', 'required': ['size'],
        'properties': {
            'name': _NAME, 'description': _NAME, 'volume_type': _NAME,
            'metadata': _METADATA, 'availability_zone': _NAME,
            'snapshot_id': {'type': ['string', 'null']},
            'source_volid': {'type': ['string', 'null']},
            'consistencygroup_id': {'type': ['string', 'null']},
            'backup_id': {'type': ['string', 'null']},
            'imageRef': {'type': ['string', 'null'], 'maxLength': 255},
            'size': {'type': ['integer', 'string'], 'minimum': 1,
                     'pattern': '^[0-9]+$'}},
        'additionalProperties': False}}}
SNAPSHOT_CREATE = {
    'type': 'object', 'required': ['snapshot'], 'additionalProperties': False,
    'properties': {'snapshot': {
        'type': 'object', 'required': ['volume_id'],
        'properties': {'volume_id': {'type': 'string'},
                       'force': {'type': ['boolean', 'string']},
                       'name': _NAME, 'description': _NAME,
                       'metadata': _METADATA},
        'additionalProperties': False}}}
ATTACHMENT_CREATE = {
    'type': 'object', 'required': ['attachment'],
    'additionalProperties': False,
    'properties': {'attachment': {
        'type': 'object', 'required': ['volume_uuid'],
        'properties': {'instance_uuid': {'type': 'string'},
                       'connector': {'type': ['object', 'null']},
                       'volume_uuid': {'type': 'string'}},
        'additionalProperties': False}}}
ATTACHMENT_UPDATE = {
    'type': 'object', 'required': ['attachment'],
    'additionalProperties': False,
    'properties': {'attachment': {
        'type': 'object', 'required': ['connector'],
        'properties': {'connector': {'type': 'object', 'minProperties': 1}},
        'additionalProperties': False}}}
ATTACHMENT_ACTION = {
    'type': 'object', 'required': ['os-complete'],
    'properties': {'os-complete': {}}, 'additionalProperties': False}

_ERRORS = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
           404: 'itemNotFound', 406: 'notAcceptable'}


class CinderError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def _version(text):
    major, minor = text.split('.')
    return int(major), int(minor)


class FakeCinder:
    """The WSGI application, with its state."""

    def __init__(self, max_version='3.71'):
        self.max_version = max_version
        self.volumes, self.snapshots, self.attachments = {}, {}, {}
        # (method, path, microversion, body, token, X-OpenStack-Request-ID)
        # of every request.
        self.requests = []
        self._lock = threading.Lock()
        p = '/v3/(?P<project>[^/]+)'
        # (method, path regex, handler, minimum microversion, body schema)
        self.routes = [
            ('GET', p + '/volumes/detail', self.list_volumes, '3.0', None),
            ('POST', p + '/volumes', self.create_volume, '3.0',
             VOLUME_CREATE),
            ('GET', p + '/volumes/(?P<id>%s)' % _UUID, self.show_volume,
             '3.0', None),
            ('DELETE', p + '/volumes/(?P<id>%s)' % _UUID,
             self.delete_volume, '3.0', None),
            ('GET', p + '/snapshots/detail', self.list_snapshots, '3.0',
             None),
            ('POST', p + '/snapshots', self.create_snapshot, '3.0',
             SNAPSHOT_CREATE),
            ('GET', p + '/snapshots/(?P<id>%s)' % _UUID, self.show_snapshot,
             '3.0', None),
            ('DELETE', p + '/snapshots/(?P<id>%s)' % _UUID,
             self.delete_snapshot, '3.0', None),
            ('POST', p + '/attachments', self.create_attachment, '3.27',
             ATTACHMENT_CREATE),
            ('GET', p + '/attachments/(?P<id>%s)' % _UUID,
             self.show_attachment, '3.27', None),
            ('PUT', p + '/attachments/(?P<id>%s)' % _UUID,
             self.update_attachment, '3.27', ATTACHMENT_UPDATE),
            ('DELETE', p + '/attachments/(?P<id>%s)' % _UUID,
             self.delete_attachment, '3.27', None),
            ('POST', p + '/attachments/(?P<id>%s)/action' % _UUID,
             self.complete_attachment, '3.44', ATTACHMENT_ACTION),
        ]

    # -- the HTTP side -------------------------------------------------------

    @webob.dec.wsgify
    def __call__(self, req):
        version = req.headers.get('OpenStack-API-Version', 'volume 3.0')
        version = version.split()[-1]
        body = jsonutils.loads(req.body) if req.body else None
        token = req.headers.get('X-Auth-Token')
        self.requests.append((req.method, req.path, version, body, token,
                              req.headers.get('X-OpenStack-Request-ID')))
        try:
            status, answer = self._dispatch(req, version, token, body)
        except CinderError as e:
            status, answer = e.code, {_ERRORS[e.code]: {
                'code': e.code, 'message': e.message}}
        res = webob.Response(status=status, content_type='application/json',
                             charset='UTF-8')
        res.headers['OpenStack-API-Version'] = 'volume %s' % version
        res.headers['x-openstack-request-id'] = 'req-%s' % uuid.uuid4()
        if answer is not None:
            res.body = jsonutils.dump_as_bytes(answer)
        return res

    def _dispatch(self, req, version, token, body):
        if not token:
            raise CinderError(401, 'The request you have made requires '
                                   'authentication.')
        if _version(version) > _version(self.max_version):
            raise CinderError(406, 'Version %s is not supported by the API. '
                                   'Minimum is 3.0 and maximum is %s.' % (
                                       version, self.max_version))
        for method, pattern, handler, minimum, schema in self.routes:
            match = re.fullmatch(pattern, req.path)
            if match is None or method != req.method:
                continue
            if _version(version) < _version(minimum):
                break  # Cinder hides a route below its microversion
            project = token.partition(':')[2] or token
            if match['project'] != project:
                raise CinderError(400, 'Malformed request url')
            if schema is not None:
                if req.content_type != 'application/json':
                    raise CinderError(400, 'Malformed request body')
                try:
                    jsonschema.validate(body, schema)
                except jsonschema.ValidationError as e:
                    raise CinderError(400, 'Invalid input received: %s'
                                      % e.message)
            args = match.groupdict()
            del args['project']
            with self._lock:
                return handler(project, body, **args)
        raise CinderError(404, 'The resource could not be found.')

    # -- volumes ---------------------------------------------------------------

    @staticmethod
    def _owned(items, kind, project, item_id):
        """The ``kind`` ``item_id`` of ``project``; Cinder's 404 for one
        that is not there or is another project's."""
        item = items.get(item_id)
        if item is None or item['project'] != project:
            raise CinderError(404, '%s %s could not be found.'
                              % (kind, item_id))
        return item

    def _volume(self, project, volume_id):
        return self._owned(self.volumes, 'Volume', project, volume_id)

    def _volume_view(self, volume):
        done = [a for a in self.attachments.values()
                if a['volume_id'] == volume['id'] and
                a['attach_status'] == 'attached']
        view = {key: volume[key] for key in (
            'id', 'status', 'size', 'availability_zone', 'name',
            'description', 'volume_type', 'snapshot_id', 'metadata',
            'multiattach', 'bootable', 'created_at', 'updated_at')}
        view.update({
            'attachments': [{
                'id': volume['id'], 'attachment_id': a['id'],
                'volume_id': volume['id'], 'server_id': a['instance'],
                'host_name': None,
                'device': (a['connector'] or {}).get('mountpoint'),
                'attached_at': a['attached_at']} for a in done],
            'os-vol-tenant-attr:tenant_id': volume['project'],
            'source_volid': None, 'encrypted': False, 'user_id': 'u',
            'replication_status': None, 'consistencygroup_id': None,
            'links': []})
        if volume['image_id']:
            view['volume_image_metadata'] = {'image_id': volume['image_id']}
        return view

    def _settle(self):
        """The back end's work is done: what was creating is available."""
        for item in list(self.volumes.values()) + list(
                self.snapshots.values()):
            if item['status'] == 'creating':
                item['status'] = 'available'

    def list_volumes(self, project, body):
        self._settle()
        return 200, {'volumes': [self._volume_view(v) for v in
                                 self.volumes.values()
                                 if v['project'] == project]}

    def show_volume(self, project, body, id):
        self._settle()
        return 200, {'volume': self._volume_view(self._volume(project, id))}

    def create_volume(self, project, body):
        self._settle()
        wanted = body['volume']
        size = int(wanted['size'])
        snapshot_id = wanted.get('snapshot_id')
        if snapshot_id:
            snapshot = self._snapshot(project, snapshot_id)
            if snapshot['status'] != 'available':
                raise CinderError(400, 'Invalid snapshot: Originating '
                                       'snapshot status must be one of '
                                       "'available' values")
            if size < snapshot['size']:
                raise CinderError(400, 'Invalid input received: Volume size '
                                       "'%d'GB cannot be smaller than the "
                                       "snapshot size %dGB. They must be >= "
                                       'original snapshot size.' % (
                                           size, snapshot['size']))
        volume_type = wanted.get('volume_type') or '__DEFAULT__'
        now = timeutils.utcnow().isoformat()
        volume = {
            'id': str(uuid.uuid4()), 'project': project, 'size': size,
            'status': 'creating', 'name': wanted.get('name'),
            'description': wanted.get('description'),
            'availability_zone': wanted.get('availability_zone') or 'nova',
            'volume_type': volume_type, 'snapshot_id': snapshot_id,
            'metadata': wanted.get('metadata') or {},
            'multiattach': volume_type == 'multiattach',
            'image_id': wanted.get('imageRef'),
            'bootable': 'true' if wanted.get('imageRef') else 'false',
            'created_at': now, 'updated_at': None}
        self.volumes[volume['id']] = volume
        return 202, {'volume': self._volume_view(volume)}

    def delete_volume(self, project, body, id):
        volume = self._volume(project, id)
        busy = any(a['volume_id'] == id for a in self.attachments.values())
        snapped = any(s['volume_id'] == id for s in self.snapshots.values())
        if volume['status'] not in ('available', 'error') or busy or snapped:
            raise CinderError(400, 'Invalid volume: Volume status must be '
                                   'available or error or error_restoring or '
                                   'error_extending or error_managing and '
                                   'must not be migrating, attached, belong '
                                   'to a group, have snapshots, awaiting a '
                                   'transfer, or be disassociated from '
                                   'snapshots after volume transfer.')
        del self.volumes[id]
        return 202, None

    # -- snapshots ---------------------------------------------------------------

    def _snapshot(self, project, snapshot_id):
        return self._owned(self.snapshots, 'Snapshot', project, snapshot_id)

    @staticmethod
    def _snapshot_view(snapshot):
        view = {key: snapshot[key] for key in (
            'id', 'volume_id', 'status', 'size', 'name', 'description',
            'metadata', 'created_at', 'updated_at')}
        view['os-extended-snapshot-attributes:project_id'] = \
            snapshot['project']
        view['os-extended-snapshot-attributes:progress'] = '100%'
        return view

    def list_snapshots(self, project, body):
        self._settle()
        return 200, {'snapshots': [self._snapshot_view(s) for s in
                                   self.snapshots.values()
                                   if s['project'] == project]}

    def show_snapshot(self, project, body, id):
        self._settle()
        return 200, {'snapshot': self._snapshot_view(
            self._snapshot(project, id))}

    def create_snapshot(self, project, body):
        self._settle()
        wanted = body['snapshot']
        volume = self._volume(project, wanted['volume_id'])
        force = str(wanted.get('force', False)).lower() == 'true'
        allowed = ('available', 'in-use') if force else ('available',)
        if volume['status'] not in allowed:
            raise CinderError(400, 'Invalid volume: Volume %s status must be '
                                   '%s, but current status is: %s.' % (
                                       volume['id'], ' or '.join(allowed),
                                       volume['status']))
        snapshot = {
            'id': str(uuid.uuid4()), 'project': project,
            'volume_id': volume['id'], 'status': 'creating',
            'size': volume['size'], 'name': wanted.get('name'),
            'description': wanted.get('description'),
            'metadata': wanted.get('metadata') or {},
            'created_at': timeutils.utcnow().isoformat(), 'updated_at': None}
        self.snapshots[snapshot['id']] = snapshot
        return 202, {'snapshot': self._snapshot_view(snapshot)}

    def delete_snapshot(self, project, body, id):
        snapshot = self._snapshot(project, id)
        if snapshot['status'] not in ('available', 'error'):
            raise CinderError(400, 'Invalid snapshot: Volume Snapshot status '
                                   'must be available or error.')
        del self.snapshots[id]
        return 202, None

    # -- attachments ---------------------------------------------------------------

    def _attachment(self, project, attachment_id):
        return self._owned(self.attachments, 'VolumeAttachment', project,
                           attachment_id)

    @staticmethod
    def _attachment_view(attachment):
        return {'id': attachment['id'],
                'status': attachment['attach_status'],
                'instance': attachment['instance'],
                'volume_id': attachment['volume_id'],
                'attach_mode': 'rw', 'attached_at': attachment['attached_at'],
                'detached_at': '',
                'connection_info': attachment['connection_info']}

    def create_attachment(self, project, body):
        self._settle()
        wanted = body['attachment']
        volume = self._volume(project, wanted['volume_uuid'])
        instance = wanted.get('instance_uuid')
        allowed = ('available', 'in-use', 'reserved', 'attaching') \
            if volume['multiattach'] else ('available',)
        same_server = any(a['volume_id'] == volume['id'] and
                          a['instance'] == instance
                          for a in self.attachments.values())
        if volume['status'] not in allowed and not (
                same_server and volume['status'] in ('in-use', 'reserved')):
            raise CinderError(400, 'Invalid volume: Volume %s status must be '
                                   '%s to reserve, but the current status is '
                                   '%s.' % (volume['id'], ' or '.join(allowed),
                                            volume['status']))
        attachment = {'id': str(uuid.uuid4()), 'project': project,
                      'volume_id': volume['id'], 'instance': instance,
                      'attach_status': 'reserved', 'attached_at': '',
                      'connector': None, 'connection_info': {}}
        self.attachments[attachment['id']] = attachment
        if volume['status'] == 'available':
            volume['status'] = 'reserved'
        if wanted.get('connector'):
            self._connect(attachment, volume, wanted['connector'])
        return 200, {'attachment': self._attachment_view(attachment)}

    def _connect(self, attachment, volume, connector):
        """An iSCSI export, as the LVM driver answers it (flat: Cinder
        stores the driver's data with its type beside it)."""
        attachment.update(connector=connector, attach_status='attaching',
                          connection_info={
                              'driver_volume_type': 'iscsi',
                              'target_iqn': 'iqn.2010-10.org.openstack:'
                                            'volume-%s' % volume['id'],
                              'target_portal': '192.0.2.1:3260',
                              'target_lun': 0, 'target_discovered': False,
                              'volume_id': volume['id'],
                              'attachment_id': attachment['id'],
                              'access_mode': 'rw', 'encrypted': False,
                              'qos_specs': None})
        if volume['status'] == 'reserved':
            volume['status'] = 'attaching'

    def show_attachment(self, project, body, id):
        return 200, {'attachment': self._attachment_view(
            self._attachment(project, id))}

    def update_attachment(self, project, body, id):
        attachment = self._attachment(project, id)
        volume = self.volumes[attachment['volume_id']]
        self._connect(attachment, volume, body['attachment']['connector'])
        return 200, {'attachment': self._attachment_view(attachment)}

    def complete_attachment(self, project, body, id):
        attachment = self._attachment(project, id)
        attachment.update(attach_status='attached',
                          attached_at=timeutils.utcnow().isoformat())
        self.volumes[attachment['volume_id']]['status'] = 'in-use'
        return 204, None

    def delete_attachment(self, project, body, id):
        attachment = self.attachments.pop(self._attachment(project, id)['id'])
        volume = self.volumes[attachment['volume_id']]
        left = {a['attach_status'] for a in self.attachments.values()
                if a['volume_id'] == volume['id']}
        volume['status'] = ('in-use' if 'attached' in left else
                            'reserved' if left else 'available')
        return 200, {'attachments': []}


class FakeCinderFixture(fixtures.Fixture):
    """A FakeCinder served on a free port of 127.0.0.1; ``endpoint_template``
    is what ``[cinder] endpoint_template`` takes, ``cinder`` the state."""

    def __init__(self, max_version='3.71'):
        super().__init__()
        self.max_version = max_version

    def _setUp(self):
        self.cinder = FakeCinder(self.max_version)
        self.server = server.APIServer(self.cinder, '127.0.0.1', 0)
        self.server.start()
        self.addCleanup(self.server.stop)
        self.endpoint_template = ('http://127.0.0.1:%d/v3/%%(project_id)s'
                                  % self.server.port)
