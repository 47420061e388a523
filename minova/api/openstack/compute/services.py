"""``/os-services``: the services of the cloud, up or down, enabled or
disabled; admins disable a compute so the scheduler skips it (Nova's
``services.py`` at 2.1)."""

from oslo_utils import strutils
import webob.exc

from minova.api.openstack import common
from minova import availability_zones
from minova.api.openstack.compute.schemas import services as schema
from minova.api import validation
from minova import exception
from minova.objects import service as service_obj
from minova import servicegroup

COMPUTE_BINARY = 'minova-compute'

# Forced down is Nova 2.11's; the 2.1 list does not show it.
FORCED_DOWN_VERSION = '2.11'


class ServiceController:

    def __init__(self, conf):
        self.conf = conf

    def _view(self, req, service, zone):
        up = servicegroup.is_up(service, self.conf.service_down_time)
        body = {
            'id': service.id,
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

    def index(self, req):
        services = service_obj.Service.get_all(
            req.context, binary=req.GET.get('binary'),
            host=req.GET.get('host'))
        return {'services': [
            self._view(req, service, zone) for service, zone in
            availability_zones.set_availability_zones(self.conf, services)]}

    @validation.versioned_schema(schema.UPDATE)
    def update(self, req, action, body):
        """PUT /os-services/enable, /disable and /disable-log-reason; from
        2.11 /force-down too (a service forced down is down, whatever its
        heartbeat says)."""
        status = None
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
