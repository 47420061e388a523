"""``/servers/{server_id}/os-instance-actions``: what was done to a server,
by which request, and (``/{request_id}``) its steps as events (Nova's
``instance_actions.py``).

At 2.1, as in Nova, only admins see the events (with their tracebacks);
from 2.51 on everyone sees them and only admins the tracebacks. From 2.21
the actions of a deleted server can still be read.
"""

from oslo_utils import uuidutils

from minova.api import microversion
from minova.api.openstack import common
from minova.compute import api as compute_api
from minova import exception
from minova.objects import instance as instance_obj

ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')
EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result', 'traceback')
_TIMES = ('start_time', 'finish_time')

# Nova shows the events to non-admins from this microversion on.
EVENTS_FOR_ALL_VERSION = '2.51'
DELETED_SERVERS_VERSION = microversion.APIVersionRequest('2.21')


def _format(obj, keys):
    return {key: common.primitive_time(getattr(obj, key)) if key in _TIMES
            else getattr(obj, key) for key in keys}


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

    def index(self, req, server_id):
        instance = self._server(req, server_id)
        actions = self.action_api.actions_get(req.context, instance)
        return {'instanceActions': [_format(action, ACTION_KEYS)
                                    for action in actions]}

    def show(self, req, server_id, request_id):
        context = req.context
        instance = self._server(req, server_id)
        action = self.action_api.action_get_by_request_id(
            context, instance, request_id)
        body = _format(action, ACTION_KEYS)
        if context.is_admin or req.api_version >= EVENTS_FOR_ALL_VERSION:
            keys = EVENT_KEYS if context.is_admin else EVENT_KEYS[:-1]
            body['events'] = [_format(event, keys)
                              for event in action.events]
        return {'instanceAction': body}
