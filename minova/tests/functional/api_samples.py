"""The samples of ``doc/api_samples``, made and checked over HTTP.

A :class:`SampleTestCase` test calls ``self.sample(method, template,
...)``: the request goes to its cloud, and the exchange, normalized (ids,
times, MACs, generated secrets and the endpoint replaced by fixed values),
must equal the route's file (:func:`minova.api.route_index.sample_name`).
With ``MINOVA_REGENERATE_SAMPLES=1`` the file is written instead; the
unit test of the route index fails when a route has no file.
"""

import json
import os
import re

from minova.api import microversion
from minova.api import route_index
from minova.api.openstack.volume import microversion as volume_mv
from minova.tests.functional import fixtures as api_fixtures
from minova.tests.functional import test_servers_api

REGENERATE = os.environ.get('MINOVA_REGENERATE_SAMPLES') == '1'

_UUID = re.compile(
    r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
_TIME = re.compile(r'\d{4}-\d{2}-\d{2}([T ])\d{2}:\d{2}:\d{2}(\.\d+)?')
_MAC = re.compile(r'(?<![0-9a-f:])(?:[0-9a-f]{2}:){5}[0-9a-f]{2}(?![0-9a-f:])')
_ENDPOINT = re.compile(r'http://127\.0\.0\.1:\d+')
# The test's state_path (a temporary directory).
_STATE_PATH = re.compile(r'/tmp/tmp[A-Za-z0-9_]+')
# Values made at random for the caller, whatever their place.
_GENERATED = {'adminPass': 'ZDWtCm9zVSx4', 'private_key': '<private key>',
              'public_key': '<public key>', 'fingerprint': '<fingerprint>'}
# Random in every answer that has them.
_ALWAYS = {'OS-EXT-SRV-ATTR:reservation_id': 'r-3fhpjulh',
           'reservation_id': 'r-3fhpjulh'}


def _replace_generated(value, generated_keys):
    if isinstance(value, dict):
        return {key: (_GENERATED[key] if key in generated_keys and
                      isinstance(item, str) else
                      _ALWAYS[key] if key in _ALWAYS and
                      isinstance(item, str) else
                      _replace_generated(item, generated_keys))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_generated(item, generated_keys) for item in value]
    return value


def _bytes(data):
    return '<%d bytes>' % len(data)


def normalize(exchange, generated_keys=()):
    """The exchange with what changes from run to run made fixed: each
    distinct uuid becomes ``00000000-0000-4000-8000-00000000000N`` in the
    order of first appearance, times 2026-01-01 12:00:00, MACs
    ``fa:16:3e:00:00:0N``, the state path ``/var/lib/minova``."""
    text = json.dumps(_replace_generated(exchange, generated_keys))
    ids = {}

    def _uuid(match):
        return ids.setdefault(
            match.group(0), '00000000-0000-4000-8000-%012d' % (len(ids) + 1))

    macs = {}

    def _mac(match):
        return macs.setdefault(
            match.group(0), 'fa:16:3e:00:00:%02x' % (len(macs) + 1))

    def _time(match):
        return '2026-01-01%s12:00:00%s' % (
            match.group(1), match.group(2) and
            '.' + '0' * (len(match.group(2)) - 1) or '')

    text = _UUID.sub(_uuid, text)
    text = _MAC.sub(_mac, text)
    text = _TIME.sub(_time, text)
    text = _ENDPOINT.sub('http://openstack.example.com', text)
    text = _STATE_PATH.sub('/var/lib/minova', text)
    return json.loads(text)


class SampleTestCase(test_servers_api.ServersTestBase):
    """A cloud per test (``overrides`` as for ServersTestBase);
    ``self.sample`` records or checks a route's sample."""

    api_name = 'compute'

    def wait(self, server_id, status='ACTIVE'):
        """The server once no task is in flight and it shows ``status``."""
        return self.api.wait_for_task(server_id, status)

    def sample(self, method, template, body=None, action=None, query='',
               version=None, status=None, token=api_fixtures.ADMIN_TOKEN,
               generated=(), prefix=None, raw_body=None, headers=None,
               **params):
        """Send ``method template.format(**params) + query``; check the
        exchange against (or write it to) the route's sample file and
        return the response. ``status`` is the one expected (any 2xx if
        None); ``generated`` names the keys whose values are random;
        ``raw_body`` (bytes, with its ``headers``) is sent as it is and
        shown by its size, as is an answer that is not JSON."""
        headers = dict(headers or {})
        if self.api_name == 'compute':
            prefix = '/v2.1' if prefix is None else prefix
            headers['OpenStack-API-Version'] = 'compute %s' % (
                version or microversion.MAX_VERSION)
        elif self.api_name == 'volume':
            prefix = '/volume/v3/admin' if prefix is None else prefix
            headers['OpenStack-API-Version'] = 'volume %s' % (
                version or volume_mv.MAX_VERSION)
        else:
            prefix = '/image/v2' if prefix is None else prefix
        path = template.format(**params) + query
        client = api_fixtures.APIClient(self.cloud.port, token=token,
                                        prefix=prefix)
        resp = client.request(method, path, body=body, raw_body=raw_body,
                              headers=headers)
        if status is None:
            self.assertTrue(200 <= resp.status < 300, resp)
        else:
            self.assertEqual(status, resp.status, resp)
        request = {'method': method, 'url': prefix + path,
                   'headers': headers}
        if body is not None:
            request['body'] = body
        elif raw_body is not None:
            request['body'] = _bytes(raw_body)
        response = {'status': resp.status}
        if resp.body is not None:
            response['body'] = resp.body
        elif resp.raw:
            response['body'] = _bytes(resp.raw)
        exchange = normalize({'request': request, 'response': response},
                             generated)
        self._check(route_index.sample_name(template, method, action),
                    exchange)
        return resp

    def _check(self, name, exchange):
        path = os.path.normpath(os.path.join(
            route_index.SAMPLES_DIR, self.api_name, name))
        if REGENERATE:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as f:
                f.write(json.dumps(exchange, indent=4) + '\n')
            return
        self.assertTrue(os.path.exists(path), 'no sample %s: write it with '
                        'MINOVA_REGENERATE_SAMPLES=1' % path)
        with open(path) as f:
            recorded = json.load(f)
        self.assertEqual(
            recorded, exchange, 'the answer differs from %s; if the change '
            'is meant, rewrite the samples with MINOVA_REGENERATE_SAMPLES=1 '
            'tox -e functional -- test_api_samples' % path)
