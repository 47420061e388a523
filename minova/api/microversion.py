"""Compute API microversions: which exist, how a request asks for one, and
how a handler declares the range it serves.

A client asks with ``OpenStack-API-Version: compute 2.X`` (or Nova's legacy
``X-OpenStack-Nova-API-Version: 2.X``); no header means the minimum,
``latest`` means the maximum. Every answer says which version produced it,
in both headers, plus a ``Vary`` on them so caches keep versions apart.

minova claims only the versions whose behaviour it implements. To add one,
append a line to :data:`VERSIONS`, implement the change behind
``req.api_version`` or :func:`version_handler`, describe it in
``doc/source/api_microversion_history.rst`` and add a test for it.
"""

import functools
import re

from oslo_log import log as logging
import webob.headers

from minova import exception
from minova.api.openstack import faults

LOG = logging.getLogger(__name__)

# Every microversion minova serves, oldest first, with what it changed.
# The last entry is the maximum advertised in the version documents.
VERSIONS = (
    ('2.1', 'The base v2.1 API, identical to Nova 2.1 for what minova serves.'),
    ('2.2', 'Keypair type (with /os-keypairs).'),
    ('2.3', 'More OS-EXT-SRV-ATTR attributes; volumes delete_on_termination.'),
    ('2.4', 'os-fixed-ips reserved (lacking: no such API).'),
    ('2.5', 'ip6 filter (lacking: no ip filters).'),
    ('2.6', 'Remote consoles (lacking).'),
    ('2.7', 'Flavor access check (lacking).'),
    ('2.8', 'MKS console (lacking).'),
    ('2.9', 'locked in the server.'),
    ('2.10', 'Keypairs of any user for admins (with /os-keypairs).'),
    ('2.11', 'Services forced_down, PUT /os-services/force-down.'),
    ('2.12', 'Virtual interfaces (lacking).'),
    ('2.13', 'Server group project_id and user_id.'),
    ('2.14', 'Evacuate: no onSharedStorage, no adminPass answered.'),
    ('2.15', 'Soft (anti-)affinity server groups.'),
    ('2.16', 'Server host_status (admins).'),
    ('2.17', 'trigger_crash_dump (lacking).'),
    ('2.18', 'Optional project id in URLs.'),
    ('2.19', 'Server description.'),
    ('2.20', 'Attach to shelved servers (lacking).'),
    ('2.21', 'Instance actions of deleted servers.'),
    ('2.22', 'Force live migration complete (lacking).'),
    ('2.23', 'Server migrations (lacking).'),
    ('2.24', 'Cancel live migration (lacking).'),
    ('2.25', 'block_migration auto (lacking).'),
    ('2.26', 'Server tags API, tags in the server, tag filters.'),
    ('2.27', 'The OpenStack-API-Version header.'),
    ('2.28', 'Hypervisor cpu_info as an object.'),
    ('2.29', 'Evacuate force (lacking).'),
    ('2.30', 'Live-migrate force (lacking).'),
    ('2.31', 'Console auth tokens of every type (lacking).'),
    ('2.32', 'Device tags on boot.'),
    ('2.33', 'Hypervisor paging.'),
    ('2.34', 'Asynchronous live-migration pre-checks (lacking).'),
    ('2.35', 'Keypair paging.'),
    ('2.36', 'Proxy APIs answer 404; network quotas gone.'),
    ('2.37', 'networks required on boot (auto, none).'),
    ('2.38', 'An unknown status filter is 400.'),
    ('2.39', 'Image metadata proxy and maxImageMeta gone.'),
    ('2.40', 'Simple tenant usage paging (lacking).'),
    ('2.41', 'Aggregate uuid.'),
    ('2.42', 'Device tags on boot again.'),
    ('2.43', '/os-hosts gone (not applicable).'),
    ('2.44', 'Fixed and floating IP actions gone (lacking).'),
    ('2.45', 'createImage answers image_id.'),
    ('2.46', 'Request ids in both headers.'),
    ('2.47', 'The flavor embedded in the server.'),
    ('2.48', 'Standard server diagnostics (lacking).'),
    ('2.49', 'Device tag on volume attach.'),
    ('2.50', 'Quota class server groups (lacking).'),
    ('2.51', 'Instance action events for non-admins (partly).'),
    ('2.52', 'Tags on boot.'),
    ('2.53', 'Service and hypervisor uuids.'),
    ('2.54', 'Rebuild key_name (lacking).'),
    ('2.55', 'Flavor description, PUT /flavors/{id}.'),
    ('2.56', 'Cold migrate to a host.'),
    ('2.57', 'Personality and rebuild user_data (lacking); quotas gone.'),
    ('2.58', 'Instance action updated_at, paging, changes-since.'),
    ('2.59', 'Migration paging (lacking).'),
    ('2.60', 'Multiattach volumes.'),
    ('2.61', 'Flavor extra_specs in the flavor.'),
    ('2.62', 'Instance action event host and hostId.'),
    ('2.63', 'trusted_image_certificates (always null).'),
    ('2.64', 'Server group policy and rules.'),
    ('2.65', 'Abort queued live migrations (lacking).'),
    ('2.66', 'changes-before filters.'),
    ('2.67', 'Block device volume_type (lacking).'),
    ('2.68', 'Forced evacuate and live migration gone (lacking).'),
    ('2.69', 'Down cells (not applicable).'),
    ('2.70', 'Volume attachment tag shown.'),
    ('2.71', 'server_groups in the server.'),
    ('2.72', 'Ports with resource requests (not applicable).'),
    ('2.73', 'locked_reason.'),
    ('2.74', 'Host and node on boot.'),
    ('2.75', 'Response cleanup; unknown query parameters 400.'),
    ('2.76', 'power-update external event (lacking).'),
    ('2.77', 'Unshelve to an availability zone.'),
    ('2.78', 'Server topology (lacking).'),
    ('2.79', 'Volume attachment delete_on_termination.'),
)

HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
SERVICE_TYPE = 'compute'
# Where the middleware leaves the APIVersionRequest for handlers.
ENV_KEY = 'minova.api_version'
# Set for a request of Nova's legacy v2 endpoint (``/v2``).
LEGACY_V2_KEY = 'minova.legacy_v2'
# The answer's headers the middleware sets, lower case.
_REPLACED = (HEADER.lower(), LEGACY_HEADER.lower(), 'vary')


class InvalidAPIVersionString(exception.Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class InvalidGlobalAPIVersion(exception.MinovaException):
    msg_fmt = ('Version %(req_ver)s is not supported by the API. Minimum is '
               '%(min_ver)s and maximum is %(max_ver)s.')
    code = 406


@functools.total_ordering
class APIVersionRequest:
    """One microversion, ``X.Y``: comparable with others and with strings.

    Immutable, so it can be shared by every request and used as a default.
    """

    _PATTERN = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')

    def __init__(self, version_string):
        match = self._PATTERN.match(str(version_string))
        if not match:
            raise InvalidAPIVersionString(version=version_string)
        self._key = (int(match.group(1)), int(match.group(2)))

    @classmethod
    def coerce(cls, value):
        """``value`` as an APIVersionRequest; ``None`` stays ``None``."""
        if value is None or isinstance(value, cls):
            return value
        return cls(value)

    @property
    def major(self):
        return self._key[0]

    @property
    def minor(self):
        return self._key[1]

    def __eq__(self, other):
        try:
            return self._key == self.coerce(other)._key
        except (InvalidAPIVersionString, AttributeError):
            return NotImplemented

    def __lt__(self, other):
        return self._key < self.coerce(other)._key

    def __hash__(self):
        return hash(self._key)

    def matches(self, min_version=None, max_version=None):
        """True if this version lies in [min_version, max_version].

        ``None`` leaves that end of the range open.
        """
        min_version = self.coerce(min_version)
        max_version = self.coerce(max_version)
        if min_version is not None and self < min_version:
            return False
        return max_version is None or self <= max_version

    def get_string(self):
        return '%d.%d' % self._key

    __str__ = get_string

    def __repr__(self):
        return 'APIVersionRequest(%r)' % self.get_string()


MIN_VERSION = APIVersionRequest(VERSIONS[0][0])
MAX_VERSION = APIVersionRequest(VERSIONS[-1][0])


def requested_version(headers, service_type=SERVICE_TYPE,
                      legacy_header=LEGACY_HEADER):
    """The version string a request asks for, or None if it asks for none.

    The standard header wins over the legacy one; within the standard header
    (which may name several services) the last ``service_type`` entry
    counts. ``legacy_header`` None: the service has none (the volume API).
    """
    for entry in reversed(headers.get(HEADER, '').split(',')):
        parts = entry.split(None, 1)
        if len(parts) == 2 and parts[0].lower() == service_type:
            return parts[1].strip()
    legacy = headers.get(legacy_header, '').strip() if legacy_header else ''
    return legacy or None


def negotiate(headers, min_version=MIN_VERSION, max_version=MAX_VERSION,
              service_type=SERVICE_TYPE, legacy_header=LEGACY_HEADER):
    """The APIVersionRequest a request gets, or InvalidAPIVersionString (400)
    / InvalidGlobalAPIVersion (406).
    """
    wanted = requested_version(headers, service_type, legacy_header)
    if wanted is None:
        return min_version
    if wanted.lower() == 'latest':
        return max_version
    version = APIVersionRequest(wanted)
    if not version.matches(min_version, max_version):
        raise InvalidGlobalAPIVersion(req_ver=version, min_ver=min_version,
                                      max_ver=max_version)
    return version


def set_response_headers(response, version, service_type=SERVICE_TYPE,
                         legacy_header=LEGACY_HEADER):
    """Tell the client which version produced ``response`` (webob)."""
    response.headerlist = add_response_headers(
        list(response.headerlist), version, service_type, legacy_header)


def add_response_headers(headers, version, service_type=SERVICE_TYPE,
                         legacy_header=LEGACY_HEADER):
    """:func:`set_response_headers` for a WSGI header list: each header
    replaces any of its name (last in the list), ``Vary`` keeps the values
    it had. Returns ``headers``, changed in place."""
    names = [HEADER] + ([legacy_header] if legacy_header else [])
    vary = ''
    for name, value in headers:
        if name.lower() == 'vary':
            vary = value
    vary = [v.strip() for v in vary.split(',') if v.strip()]
    vary += [name for name in names if name not in vary]
    headers[:] = [(name, value) for name, value in headers
                  if name.lower() not in _REPLACED]
    headers.append((HEADER, '%s %s' % (service_type, version)))
    if legacy_header:
        headers.append((legacy_header, str(version)))
    headers.append(('Vary', ', '.join(vary)))
    return headers


def version_handler(min_version, max_version=None):
    """Declare the microversion range a handler serves (placement style).

    The routing table may list several handlers for one URL and method; the
    router calls the one whose range holds the request's version, and
    answers 404 if none does. Ranges of one URL and method must not overlap.
    """
    def decorator(func):
        func.min_version = APIVersionRequest(min_version)
        func.max_version = APIVersionRequest.coerce(max_version)
        return func
    return decorator


class MicroversionMiddleware:
    """Negotiate the version of each request and echo it on the answer.

    It sits outside the fault wrapper and the auth middleware so that every
    answer, a 401 or a 500 included, carries the version headers.

    The compute API's by default; the volume API (Cinder's ``volume 3.X``)
    passes its own range, service type and no legacy header.
    """

    def __init__(self, application, min_version=None, max_version=None,
                 service_type=SERVICE_TYPE, legacy_header=LEGACY_HEADER):
        self.application = application
        # Read when the pipeline is built, so a test can move the ceiling.
        self.min_version = APIVersionRequest.coerce(min_version) or MIN_VERSION
        self.max_version = APIVersionRequest.coerce(max_version) or MAX_VERSION
        self.service = (service_type, legacy_header)

    def __call__(self, environ, start_response):
        # Plain WSGI, not wsgify: the headers go on as the answer starts.
        try:
            version = negotiate(webob.headers.EnvironHeaders(environ),
                                self.min_version, self.max_version,
                                *self.service)
        except exception.MinovaException as exc:
            LOG.debug('Refused API version: %s', exc.format_message())
            response = faults.fault_response(exc.code, exc.format_message())
            # The error itself is produced by the default version.
            set_response_headers(response, self.min_version, *self.service)
            return response(environ, start_response)
        environ[ENV_KEY] = version

        def start_versioned(status, headers, exc_info=None):
            return start_response(
                status, add_response_headers(headers, version, *self.service),
                exc_info)

        return self.application(environ, start_versioned)


def filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`MicroversionMiddleware`."""
    return MicroversionMiddleware


class LegacyV2Middleware:
    """``/v2``: Nova's v2-compatible endpoint, the v2.1 API at its minimum
    whatever the version headers ask, and answers without them (as Nova's
    ``LegacyV2CompatibleWrapper``). Unlike Nova's, a body's unknown keys
    are still refused rather than dropped."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        environ[ENV_KEY] = MIN_VERSION
        environ[LEGACY_V2_KEY] = True
        return self.application(environ, start_response)


def legacy_v2_filter_factory(global_conf, **local_conf):
    """Paste filter factory for :class:`LegacyV2Middleware`."""
    return LegacyV2Middleware
