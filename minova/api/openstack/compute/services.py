"""``/os-services``: the services of the cloud, up or down, enabled or
disabled; admins disable a compute so the scheduler skips it, or delete
a service (Nova's ``services.py``).

From 2.53 (as Nova) a service's id is its uuid: in the list, in
``DELETE /os-services/{id}`` and in ``PUT /os-services/{id}``, which
takes ``status``, ``disabled_reason`` and ``forced_down`` and answers the
whole service; the 2.1 actions (``PUT /os-services/disable``...) are then
ids that are no uuid: 400."""

from oslo_utils import strutils
from oslo_utils import uuidutils
import webob.exc

from minova import aggregates
from minova.api import microversion
from minova.api.openstack import common
from minova import availability_zones
from minova.api.openstack.compute.schemas import services as schema
from minova.api import validation
from minova.api import wsgi
from minova.db import instances as db_instances
from minova.db import session as db_session
from minova import exception
from minova.objects import service as service_obj
from minova import servicegroup

COMPUTE_BINARY = 'minova-compute'

# Forced down is Nova 2.11's; the 2.1 list does not show it.
FORCED_DOWN_VERSION = '2.11'
UUID_FOR_ID_VERSION = '2.53'


class ServiceController:

    def __init__(self, conf):
        self.conf = conf

    def _view(self, req, service, zone):
        up = servicegroup.is_up(service, self.conf.service_down_time)
        body = {
            'id': (service.uuid if req.api_version >= UUID_FOR_ID_VERSION
                   else service.id),
            'binary': service.binary,
            'host': service.host,
            'zone': zone,
            'status': 'disabled' if service.disabled else 'enabled',
            'state': 'up' if up else 'down',
            'updated_at': common.primitive_time(
                service.last_seen_up or service.updated_at),
            'disabled_reason': service.disabled_reason,
        }
        if req.api_version >= FORCED_DOWN_VERSION:
            body['forced_down'] = service.forced_down
        return body

    @validation.query_schema(schema.index_query_v275, '2.75')
    def index(self, req):
        services = service_obj.Service.get_all(
            req.context, binary=req.GET.get('binary'),
            host=req.GET.get('host'))
        return {'services': [
            self._view(req, service, zone) for service, zone in
            availability_zones.set_availability_zones(self.conf, services)]}

    @microversion.version_handler('2.1', '2.52')
    @validation.versioned_schema(schema.UPDATE)
    def update(self, req, service_id, body):
        """PUT /os-services/enable, /disable and /disable-log-reason; from
        2.11 /force-down too (a service forced down is down, whatever its
        heartbeat says)."""
        status = None
        action = service_id
        if action == 'force-down' and \
                req.api_version >= FORCED_DOWN_VERSION:
            if 'forced_down' not in body:
                raise webob.exc.HTTPBadRequest(
                    explanation='Missing forced_down field')
            values = {'forced_down': strutils.bool_from_string(
                body['forced_down'], strict=True)}
        elif action == 'enable':
            values = {'disabled': False, 'disabled_reason': None}
            status = 'enabled'
        elif action == 'disable':
            values = {'disabled': True}
            status = 'disabled'
        elif action == 'disable-log-reason':
            if not body.get('disabled_reason'):
                raise webob.exc.HTTPBadRequest(
                    explanation='Missing disabled reason field')
            values = {'disabled': True,
                      'disabled_reason': body['disabled_reason']}
            status = 'disabled'
        else:
            raise webob.exc.HTTPNotFound(explanation='Unknown action')
        binary = body['binary']
        if binary != COMPUTE_BINARY:
            raise webob.exc.HTTPBadRequest(explanation=(
                'Updating a %s service is not supported. Only %s services '
                'can be updated.' % (binary, COMPUTE_BINARY)))
        try:
            service = service_obj.Service.get_by_host_and_binary(
                req.context, body['host'], binary)
        except exception.HostBinaryNotFound as e:
            raise webob.exc.HTTPNotFound(explanation=e.format_message())
        for key, value in values.items():
            setattr(service, key, value)
        service.save()
        if status is None:
            return {'service': {'host': body['host'], 'binary': binary,
                                'forced_down': values['forced_down']}}
        result = {'host': body['host'], 'binary': binary, 'status': status}
        if values.get('disabled_reason'):
            result['disabled_reason'] = values['disabled_reason']
        return {'service': result}

    def _service(self, req, service_id):
        """The service of the URL's id: a uuid from 2.53 (400 otherwise),
        an integer before (400 otherwise); 404 if there is none."""
        try:
            if req.api_version >= UUID_FOR_ID_VERSION:
                if not uuidutils.is_uuid_like(service_id):
                    raise webob.exc.HTTPBadRequest(
                        explanation='Invalid uuid %s' % service_id)
                return service_obj.Service.get_by_uuid(req.context,
                                                       service_id)
            try:
                int(service_id)
            except ValueError:
                raise webob.exc.HTTPBadRequest(
                    explanation='Invalid input received: id must be an '
                                'integer')
            number = common.db_id(service_id)
            if number is None:
                raise exception.ServiceNotFound(service_id=service_id)
            return service_obj.Service.get_by_id(req.context, number)
        except exception.ServiceNotFound:
            raise webob.exc.HTTPNotFound(
                explanation='Service %s not found.' % service_id)

    @microversion.version_handler(UUID_FOR_ID_VERSION)
    @validation.schema(schema.service_update_v253)
    def update_v253(self, req, service_id, body):
        """PUT /os-services/{uuid}: ``status`` (a reason only when
        disabling) and/or ``forced_down``; answers the service."""
        service = self._service(req, service_id)
        if service.binary != COMPUTE_BINARY:
            raise webob.exc.HTTPBadRequest(explanation=(
                'Updating a %s service is not supported. Only %s services '
                'can be updated.' % (service.binary, COMPUTE_BINARY)))
        if 'status' not in body and 'forced_down' not in body:
            raise webob.exc.HTTPBadRequest(explanation=(
                "No updates were requested. Fields 'status' or "
                "'forced_down' should be specified."))
        if body.get('status') == 'enabled':
            if body.get('disabled_reason'):
                raise webob.exc.HTTPBadRequest(explanation=(
                    "Specifying 'disabled_reason' with status 'enabled' "
                    "is invalid."))
            service.disabled = False
            service.disabled_reason = None
        elif body.get('status') == 'disabled':
            service.disabled = True
            service.disabled_reason = body.get('disabled_reason')
        if 'forced_down' in body:
            service.forced_down = strutils.bool_from_string(
                body['forced_down'], strict=True)
        service.save()
        ((_, zone),) = availability_zones.set_availability_zones(
            self.conf, [service])
        return {'service': self._view(req, service, zone)}

    @wsgi.response(204)
    def delete(self, req, service_id):
        """Delete a service (a uuid from 2.53, an id before); a compute
        only once it hosts no instances (409), leaving its aggregates, its
        compute nodes going with it."""
        service = self._service(req, service_id)
        if service.binary == COMPUTE_BINARY:
            with db_session.reader() as s:
                hosting = db_instances.count_by_hosts(s, [service.host])
            if hosting:
                raise webob.exc.HTTPConflict(explanation=(
                    'Unable to delete compute service that is hosting '
                    'instances. Migrate or delete the instances first.'))
            for aggregate in aggregates.get_aggregate_list(req.context):
                if service.host in aggregate['hosts']:
                    aggregates.remove_host_from_aggregate(
                        req.context, aggregate['id'], service.host)
        service.destroy()
