"""Block Storage API microversions: Cinder's ``OpenStack-API-Version:
volume 3.X`` header, the range minova serves, and the versions at which
an answer of minova's changes (Cinder's names for them).

minova serves 3.0 to 3.71, Cinder 2023.2's maximum and what openstacksdk's
``Volume`` asks for, so the SDK and the ``openstack`` CLI talk to minova at
their own version. A version between these that changes only resources
minova does not serve (backups, groups, transfers...) changes nothing
here: those URLs answer 404 at every version.
"""

from minova.api import microversion

SERVICE_TYPE = 'volume'
MIN_VERSION = microversion.APIVersionRequest('3.0')
MAX_VERSION = microversion.APIVersionRequest('3.71')

GROUP_VOLUME = '3.13'               # volume: group_id
GROUP_SNAPSHOTS = '3.14'            # snapshot: group_snapshot_id
VOLUME_DETAIL_PROVIDER_ID = '3.21'  # volume, to an admin: provider_id
SNAPSHOT_LIST_USER_ID = '3.41'      # snapshot: user_id
SUPPORT_COUNT_INFO = '3.45'         # lists: count, with with_count=true
VOLUME_SHARED_TARGETS = '3.48'      # volume: shared_targets, service_uuid
SCHEMA_VALIDATION = '3.53'          # unknown fields of a volume body: 400
VOLUME_CLUSTER_NAME = '3.61'        # volume, to an admin: cluster_name
VOLUME_TYPE_ID = '3.63'             # volume: volume_type_id
USE_QUOTA = '3.65'                  # volume, snapshot: consumes_quota
SNAPSHOT_IN_USE = '3.66'            # snapshot of an in-use volume needs
#                                     no force; force false is a 400
PROJECT_ID_OPTIONAL = '3.67'        # URLs without the project id (minova
#                                     takes both forms at every version)


def filter_factory(global_conf, **local_conf):
    """Paste filter factory: the microversion middleware of the volume
    API (no legacy header, as Cinder)."""
    def middleware(application):
        return microversion.MicroversionMiddleware(
            application, MIN_VERSION, MAX_VERSION, SERVICE_TYPE,
            legacy_header=None)
    return middleware
