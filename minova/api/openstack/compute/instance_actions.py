"""``/servers/{server_id}/os-instance-actions``: what was done to a server,
by which request, and (``/{request_id}``) its steps as events (Nova's
``instance_actions.py``).

At 2.1, as in Nova, only admins see the events (with their tracebacks);
from 2.51 on everyone sees them and only admins the tracebacks. From 2.21
the actions of a deleted server can still be read. 2.58 shows each
action's ``updated_at`` (its newest event's time) and pages the list
(``limit``, ``marker`` = a request id, a ``links`` next link) filtered by
``changes-since``; 2.66 adds ``changes-before``. 2.62 shows each event's
``hostId`` and, to admins, its ``host``.
"""

import copy


from oslo_utils import uuidutils

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import parameter_types
from minova.api.openstack.compute.views import servers as views_servers
from minova.api import validation
from minova.compute import api as compute_api
from minova import exception
from minova.objects import instance as instance_obj

ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')
EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result', 'traceback')
_TIMES = ('start_time', 'finish_time', 'updated_at')

# Nova shows the events to non-admins from this microversion on.
EVENTS_FOR_ALL_VERSION = '2.51'
DELETED_SERVERS_VERSION = microversion.APIVersionRequest('2.21')
PAGING_VERSION = microversion.APIVersionRequest('2.58')
EVENT_HOST_VERSION = microversion.APIVersionRequest('2.62')
CHANGES_BEFORE_VERSION = microversion.APIVersionRequest('2.66')


def _single(schema):
    """A query parameter given once (Nova's ``single_param``)."""
    return {'type': 'array', 'items': schema, 'maxItems': 1}


# Nova ignores unknown query parameters here (2.75 left this API alone).
_QUERY_V258 = {
    'type': 'object',
    'properties': {
        'limit': _single(parameter_types.non_negative_integer),
        'marker': _single({'type': 'string'}),
        'changes-since': _single({'type': 'string'}),
    },
    'additionalProperties': True,
}
_QUERY_V266 = copy.deepcopy(_QUERY_V258)
_QUERY_V266['properties']['changes-before'] = _single({'type': 'string'})


def _format(obj, keys):
    body = {key: common.primitive_time(getattr(obj, key)) if key in _TIMES
            else getattr(obj, key) for key in keys}
    if 'updated_at' in body and body['updated_at'] is None:
        # An action recorded before minova kept updated_at.
        body['updated_at'] = common.primitive_time(obj.start_time)
    return body


class _LinksBuilder(common.ViewBuilder):
    """The next link of a full page of actions (2.58), by request id."""

    def links(self, req, server_id, actions):
        return self._get_collection_links(
            req, actions, id_key='request_id',
            collection='servers/%s/os-instance-actions' % server_id)


def _event(event, keys, host=False, host_id_project=None):
    body = _format(event, keys)
    if host:
        body['host'] = event.host
    if host_id_project is not None:
        body['hostId'] = views_servers.generate_host_id(event.host,
                                                        host_id_project)
    return body


class InstanceActionsController(common.Controller):

    def __init__(self, conf):
        super().__init__(conf)
        self.action_api = compute_api.InstanceActionAPI()

    def _server(self, req, server_id):
        """The server, a deleted one too from 2.21; 404 otherwise."""
        context = req.context
        if req.api_version < DELETED_SERVERS_VERSION:
            return self._get_instance(context, server_id, expected_attrs=())
        if not uuidutils.is_uuid_like(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        instance = instance_obj.Instance.get_by_uuid(
            context, server_id, expected_attrs=(), read_deleted=True)
        if not context.is_admin and \
                instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=server_id)
        return instance

    @validation.query_schema(_QUERY_V258, '2.58', '2.65')
    @validation.query_schema(_QUERY_V266, '2.66')
    def index(self, req, server_id):
        instance = self._server(req, server_id)
        if req.api_version < PAGING_VERSION:
            actions = self.action_api.actions_get(req.context, instance)
            return {'instanceActions': [_format(action, ACTION_KEYS)
                                        for action in actions]}
        since, before = self._changes(req)
        limit, marker = common.get_limit_and_marker(req)
        # An unknown marker is MarkerNotFound: 400.
        actions = self.action_api.actions_get(
            req.context, instance, limit=limit, marker=marker,
            changes_since=since, changes_before=before)
        keys = ACTION_KEYS + ('updated_at',)
        body = {'instanceActions': [_format(action, keys)
                                    for action in actions]}
        links = _LinksBuilder().links(req, server_id,
                                      body['instanceActions'])
        if links:
            body['links'] = links
        return body

    @staticmethod
    def _changes(req):
        """``changes-since`` (2.58) and ``changes-before`` (2.66) as naive
        UTC datetimes or None; 400 if before < since."""
        def parse(name):
            if name not in req.GET:
                return None
            return common.parse_time_filter(req.GET[name], name)

        since = parse('changes-since')
        before = None
        if req.api_version >= CHANGES_BEFORE_VERSION:
            before = parse('changes-before')
        if since and before and before < since:
            raise exception.Invalid(
                'The value of changes-since must be less than or equal to '
                'changes-before.')
        return since, before

    def show(self, req, server_id, request_id):
        context = req.context
        instance = self._server(req, server_id)
        action = self.action_api.action_get_by_request_id(
            context, instance, request_id)
        keys = ACTION_KEYS
        if req.api_version >= PAGING_VERSION:
            keys += ('updated_at',)
        body = _format(action, keys)
        if context.is_admin or req.api_version >= EVENTS_FOR_ALL_VERSION:
            keys = EVENT_KEYS if context.is_admin else EVENT_KEYS[:-1]
            # 2.62: the hostId of a periodic task's event (no project)
            # is made with the server's project, as in Nova.
            project = None
            if req.api_version >= EVENT_HOST_VERSION:
                project = action.project_id or instance.project_id
            body['events'] = [
                _event(event, keys, host=context.is_admin and
                       project is not None, host_id_project=project)
                for event in action.events]
        return {'instanceAction': body}
