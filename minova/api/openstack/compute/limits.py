"""``/limits``: the caller's project's quotas and what it uses (Nova's
``limits.py``); an admin may ask for another project's with
``?tenant_id=``.

By microversion: the nova-network limits (floating IPs, security groups)
leave at 2.36, ``maxImageMeta`` at 2.39, the personality ones at 2.57;
unknown query parameters are refused from 2.75.

Policy, by Nova's rule names: ``os_compute_api:limits`` -- anyone;
``os_compute_api:limits:other_project`` -- admin.
"""

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import quota_sets as schema
from minova.api.openstack.compute.views import limits as views
from minova.api import validation
from minova.compute import quota_sets

BASE_POLICY_NAME = 'os_compute_api:limits'
OTHER_PROJECT_LIMIT_POLICY_NAME = 'os_compute_api:limits:other_project'

# Network limits dropped at 2.36: fixed_ips never had a limit name.
_NETWORK_LIMITS = ('floating_ips', 'security_groups', 'security_group_rules')
_PERSONALITY_LIMITS = ('injected_files', 'injected_file_content_bytes')


class LimitsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query_schema(schema.limits_query, '2.1', '2.74')
    @validation.query_schema(schema.limits_query_v275, '2.75')
    def index(self, req):
        context = req.context
        project_id = context.project_id
        if 'tenant_id' in req.GET:
            project_id = req.GET['tenant_id']
            common.authorize(req, OTHER_PROJECT_LIMIT_POLICY_NAME)
        version = req.api_version
        hidden = ()
        if version.matches('2.57'):
            hidden = _NETWORK_LIMITS + _PERSONALITY_LIMITS
        elif version.matches('2.36'):
            hidden = _NETWORK_LIMITS
        return views.build(
            quota_sets.get_quota_set(self.conf, context, project_id,
                                     usages=True),
            hidden=hidden, max_image_meta=not version.matches('2.39'))
