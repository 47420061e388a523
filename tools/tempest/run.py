#!/usr/bin/env python3
"""Tempest's compute API tests against a real minova cloud.

    tools/tempest/run.py [--state DIR] [--keystone-venv DIR]
                         [--concurrency N] [--regex REGEX] [--keep]
                         [--must-pass FILE] [--no-glance] [--no-cinder]

Run it with a Python that has minova and tempest installed (tox's env
``tempest``, or minova's ``.venv``: tempest is in test-requirements.txt). It

1. starts a real Keystone with ``tools/keystone.py serve`` (its own venv,
   ``--keystone-venv``, made once and kept) on a free port of 127.0.0.1;
2. starts ``minova-all`` (two fake computes, SQLite, a state directory of
   its own) on another free port, behind that Keystone;
3. creates two flavors through the API and writes a ``tempest.conf``:
   dynamic credentials made by Keystone's admin, ``[compute]
   max_microversion`` = minova's newest (``minova.api.microversion``), the
   feature flags of what minova does;
4. runs ``stestr`` over Tempest's compute API tests (``--regex``; its
   report in ``logs/stestr.log`` of each pass's directory), and prints
   every failure, then the lines ``must-pass: X of Y passed`` and
   ``N passed, M failed, K skipped``;
5. stops both services and removes the state directory (``--keep`` keeps
   it: logs, tempest.conf, results.json).

It exits non-zero only when a test of the must-pass list
(``tools/tempest/must-pass.txt``, one test id a line, without the
``[id-...]`` attributes) that ``--regex`` selects failed or did not
run. A test that is not on the list may fail: it is reported, not fatal.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import tempest_config  # tools/tempest/, this script's directory

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KEYSTONE_TOOL = os.path.join(ROOT, 'tools', 'keystone.py')
MUST_PASS = os.path.join(HERE, 'must-pass.txt')
# Tempest's compute API tests: servers, flavors, keypairs, limits, images,
# volumes, quotas, versions, admin and the rest of tempest.api.compute.
DEFAULT_REGEX = r'^tempest\.api\.compute\.'
# The interpreter Keystone's venv is made from: not a venv's own python.
BASE_PYTHON = getattr(sys, '_base_executable', None) or sys.executable
COMPUTE_HOSTS = ('compute1', 'compute2')
# Two flavors of their own, small enough for many servers side by side;
# the second is the first's resize target (Tempest's flavor_ref_alt).
# minova's default filters and the two that take scheduler hints (Tempest's
# servers.test_create_server / test_servers tests of same_host and
# different_host run when it knows they are on).
FILTERS = ('ComputeFilter', 'AvailabilityZoneFilter', 'RamFilter',
           'CoreFilter', 'DiskFilter', 'RetryFilter',
           'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
           'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter',
           'SameHostFilter', 'DifferentHostFilter')
FLAVORS = (('tempest1', 'tempest1', 128, 1, 1),
           ('tempest2', 'tempest2', 192, 1, 1))


def log(message):
    print('tempest/run.py: %s' % message, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise SystemExit('tempest/run.py: %s not ready after %d s' % (what,
                                                                  timeout))


def http(method, url, token=None, body=None, headers=None):
    hdrs = {'Content-Type': 'application/json', 'Accept': 'application/json'}
    if token:
        hdrs['X-Auth-Token'] = token
    hdrs.update(headers or {})
    request = urllib.request.Request(
        url, method=method, headers=hdrs,
        data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
        return response.headers, (json.loads(data) if data else None)


class Processes:
    """The services this run started, stopped (by pid, with their process
    group) in reverse order."""

    def __init__(self):
        self.procs = []

    def start(self, name, argv, log_file, **kwargs):
        out = open(log_file, 'wb')
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT,
                                start_new_session=True, **kwargs)
        out.close()
        self.procs.append((name, proc))
        log('%s started (pid %d, log %s)' % (name, proc.pid, log_file))
        return proc

    def stop(self):
        for name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(30)
        self.procs = []


# -- the cloud ----------------------------------------------------------------


def start_keystone(procs, venv, state, compute_url):
    kstate = os.path.join(state, 'keystone')
    os.makedirs(kstate)
    port = free_port()
    proc = procs.start('keystone', [
        BASE_PYTHON, KEYSTONE_TOOL, 'serve', '--venv', venv, '--state',
        kstate, '--port', str(port), '--compute-url', compute_url,
        '--token-expiration', '7200',
        # One worker: two on one SQLite database fail some of Tempest's
        # writes with "database is locked" (a 500 to Tempest).
        '--workers', '1'],
        os.path.join(kstate, 'keystone.py.log'))
    clouds_file = os.path.join(kstate, 'clouds.yaml')
    # The first start may install Keystone's venv (minutes).
    wait_until(lambda: os.path.exists(clouds_file) or
               proc.poll() is not None, 900, 'Keystone')
    if not os.path.exists(clouds_file):
        with open(os.path.join(kstate, 'keystone.py.log')) as f:
            sys.stderr.write(f.read()[-3000:])
        raise SystemExit('tempest/run.py: Keystone did not start')
    with open(clouds_file) as f:
        clouds = json.load(f)['clouds']
    return clouds, os.path.join(kstate, 'minova-keystone.conf')


def minova_all_command():
    script = os.path.join(os.path.dirname(sys.executable), 'minova-all')
    if os.path.exists(script):
        return [sys.executable, script]
    return [sys.executable, '-c',
            'import sys; from minova.cmd.all import main; sys.exit(main())']


def start_minova(procs, state, port, keystone_conf):
    mstate = os.path.join(state, 'minova')
    os.makedirs(mstate)
    local = os.path.join(mstate, 'local.conf')
    with open(local, 'w') as f:
        f.write('[DEFAULT]\nstate_path = %s\nosapi_compute_listen_port = %d\n'
                '[all_in_one]\ncompute_hosts = %s\n'
                '[filter_scheduler]\nenabled_filters = %s\n'
                % (mstate, port, ','.join(COMPUTE_HOSTS), ','.join(FILTERS)))
    # After minova-keystone.conf: tokens validated once per 5 minutes, not
    # at every request (Keystone on SQLite is this cloud's bottleneck).
    cache = os.path.join(mstate, 'token-cache.conf')
    with open(cache, 'w') as f:
        f.write('[keystone_authtoken]\ntoken_cache_time = 300\n')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [ROOT] + [p for p in [os.environ.get('PYTHONPATH')] if p]))
    proc = procs.start('minova-all', minova_all_command() + [
        '--config-file', os.path.join(ROOT, 'etc', 'minova',
                                      'minova-all.conf'),
        '--config-file', local, '--config-file', keystone_conf,
        '--config-file', cache],
        os.path.join(mstate, 'minova-all.log'), env=env, cwd=mstate)
    url = 'http://127.0.0.1:%d' % port

    def up():
        if proc.poll() is not None:
            raise SystemExit('tempest/run.py: minova-all exited (%d); see %s'
                             % (proc.returncode, mstate))
        try:
            urllib.request.urlopen(url + '/', timeout=5).close()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
    wait_until(up, 120, 'minova-all')
    return url, mstate


def admin_token(account):
    auth = account['auth']
    body = {'auth': {'identity': {'methods': ['password'], 'password': {
        'user': {'name': auth['username'], 'domain': {'name': 'Default'},
                 'password': auth['password']}}},
        'scope': {'project': {'name': auth['project_name'],
                              'domain': {'name': 'Default'}}}}}
    headers, _ = http('POST', auth['auth_url'] + '/auth/tokens', body=body)
    return headers['X-Subject-Token']


def prepare(compute_url, token):
    """The image and flavors Tempest boots from: (image, image_alt,
    flavor, flavor_alt)."""
    api = compute_url + '/v2.1'
    _, images = http('GET', api + '/images', token)
    ids = [i['id'] for i in images['images'] if i['name'] == 'minova-tiny']
    if not ids:
        raise SystemExit('tempest/run.py: no image minova-tiny in %s' %
                         images)
    flavor_ids = []
    for name, flavorid, ram, vcpus, disk in FLAVORS:
        try:
            _, flavor = http('GET', api + '/flavors/' + flavorid, token)
        except urllib.error.HTTPError as e:
            if e.code != 404:
                raise
            http('POST', api + '/flavors', token, {'flavor': {
                'name': name, 'id': flavorid, 'ram': ram, 'vcpus': vcpus,
                'disk': disk}})
        flavor_ids.append(flavorid)
    # One image serves as both: minova-all bootstraps one.
    return ids[0], ids[0], flavor_ids[0], flavor_ids[1]


# -- results ----------------------------------------------------------------

ATTRS = re.compile(r'\[[^\]]*\]$')
CLASS_FIXTURE = re.compile(r'^(setUpClass|tearDownClass) \((.*)\)$')


def strip(test_id):
    return ATTRS.sub('', test_id)


def read_results(stestr, workdir, listed):
    """{test id (without attributes): (status, detail)} for every test of
    ``listed``: a test that did not run has its class's setUpClass
    outcome."""
    import subunit
    import testtools
    ran = {}
    fixtures = {}

    def on_test(test):
        status = test['status']
        detail = ''
        for name, content in test['details'].items():
            if name in ('traceback', 'reason'):
                detail = content.as_text()
        match = CLASS_FIXTURE.match(test['id'])
        if match:
            if status not in ('success', 'skip') or match.group(1) == \
                    'setUpClass':
                fixtures.setdefault(match.group(2), (status, detail))
            return
        ran[strip(test['id'])] = (status, detail)

    out = subprocess.run(stestr + ['last', '--subunit'], cwd=workdir,
                         capture_output=True, check=True).stdout
    stream = subunit.ByteStreamToStreamResult(
        __import__('io').BytesIO(out), non_subunit_name='stdout')
    result = testtools.StreamToDict(on_test)
    result.startTestRun()
    stream.run(result)
    result.stopTestRun()
    results = {}
    for test in listed:
        if test in ran:
            results[test] = ran[test]
            continue
        cls = test.rsplit('.', 1)[0]
        status, detail = fixtures.get(cls, ('missing', 'did not run'))
        results[test] = (status, 'setUpClass: ' + detail
                         if cls in fixtures else detail)
    for test, outcome in ran.items():
        results.setdefault(test, outcome)
    return results


def summarize(results, must_pass):
    passed = sorted(t for t, (s, _) in results.items()
                    if s in ('success', 'xfail'))
    skipped = sorted(t for t, (s, _) in results.items() if s == 'skip')
    failed = sorted(t for t, (s, _) in results.items()
                    if s not in ('success', 'xfail', 'skip'))
    for test in failed:
        log('FAILED %s' % test)
    broken = sorted(t for t in must_pass if results.get(t, ('missing',))[0]
                    not in ('success', 'xfail'))
    for test in broken:
        log('MUST-PASS test %s: %s' % (
            test, results.get(test, ('missing',))[0]))
    print('must-pass: %d of %d passed' % (len(must_pass) - len(broken),
                                          len(must_pass)))
    print('%d passed, %d failed, %d skipped' % (
        len(passed), len(failed), len(skipped)), flush=True)
    return not broken


def read_must_pass(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        return [strip(line.strip()) for line in f
                if line.strip() and not line.startswith('#')]


ADMIN = 'tempest.api.compute.admin.'


def passes(glance):
    """(name, glance, which tests) of each stestr run.

    Tempest's admin compute tests need an image client even when they do
    not use it (``BaseV2ComputeAdminTest.setup_clients`` takes
    ``os_admin.image_client_v2``, which Tempest makes only with
    ``[service_available] glance = True``): without an image API they run
    apart, with glance on. Only the few that call the image API fail then
    (no ``image`` endpoint in the catalog)."""
    if glance:
        return [('tempest', True, lambda test: True)]
    return [('tempest', False, lambda test: not test.startswith(ADMIN)),
            ('tempest-admin', True, lambda test: test.startswith(ADMIN))]


def run_pass(workdir, tempest_conf_args, regex, select, concurrency):
    """One stestr run over the tests of ``regex`` that ``select`` keeps,
    in a workdir of its own (tempest.conf, logs, .stestr); its results."""
    for sub in ('etc', 'logs', 'locks'):
        os.makedirs(os.path.join(workdir, sub))
    with open(os.path.join(workdir, 'etc', 'tempest.conf'), 'w') as f:
        f.write(tempest_config.tempest_conf(
            workdir, *tempest_conf_args, hosts=len(COMPUTE_HOSTS),
            filters=FILTERS))
    with open(os.path.join(workdir, '.stestr.conf'), 'w') as f:
        f.write(tempest_config.stestr_conf())
    env = dict(os.environ, TEMPEST_CONFIG_DIR=os.path.join(workdir, 'etc'),
               TEMPEST_CONFIG='tempest.conf', PYTHONWARNINGS='ignore')
    stestr = [sys.executable, '-m', 'stestr']
    subprocess.run(stestr + ['init'], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    listed = subprocess.run(stestr + ['list', regex], cwd=workdir, env=env,
                            capture_output=True, text=True)
    if listed.returncode:
        sys.stderr.write(listed.stdout[-3000:] + listed.stderr[-3000:])
        raise SystemExit('tempest/run.py: stestr list failed')
    tests = [t for t in listed.stdout.split()
             if t.startswith('tempest.') and select(t)]
    if not tests:
        return {}
    load_list = os.path.join(workdir, 'tests.txt')
    with open(load_list, 'w') as f:
        f.write(''.join(t + '\n' for t in tests))
    log('%s: running %d tests (concurrency %d)' % (
        os.path.basename(workdir), len(tests), concurrency))
    # stestr's own report goes to a file: the failures that matter are
    # printed below, and a summary of minova's suite must not count
    # Tempest's expected failures as its own.
    with open(os.path.join(workdir, 'logs', 'stestr.log'), 'w') as out:
        subprocess.run(stestr + ['run', '--concurrency', str(concurrency),
                                 '--load-list', load_list], cwd=workdir,
                       env=env, stdout=out, stderr=subprocess.STDOUT)
    return read_results(stestr, workdir, [strip(t) for t in tests])


# -- main -------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--state', help='a directory for both services '
                        'and Tempest (default: a new temporary one)')
    parser.add_argument('--keystone-venv', default=os.environ.get(
        'MINOVA_KEYSTONE_VENV') or os.path.join(ROOT, '.tox',
                                                'keystone-venv'))
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--regex', default=DEFAULT_REGEX,
                        help='the tests to run (stestr filter)')
    parser.add_argument('--must-pass', default=MUST_PASS)
    parser.add_argument('--no-glance', action='store_true',
                        help='[service_available] glance = False (the '
                        'admin tests then run apart, with it on)')
    parser.add_argument('--no-cinder', action='store_true',
                        help='[service_available] cinder = False')
    parser.add_argument('--no-neutron', action='store_true',
                        help='[service_available] neutron = False: '
                        'Tempest then skips most server tests')
    parser.add_argument('--keep', action='store_true',
                        help='keep the state directory (logs, '
                        'tempest.conf, results.json)')
    args = parser.parse_args(argv)

    started = time.monotonic()
    state = os.path.abspath(args.state) if args.state else tempfile.mkdtemp(
        prefix='minova-tempest-')
    if os.path.exists(state) and os.listdir(state):
        raise SystemExit('tempest/run.py: %s is not empty' % state)
    os.makedirs(state, exist_ok=True)
    procs = Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ok = False
    try:
        port = free_port()
        compute_url = 'http://127.0.0.1:%d' % port
        clouds, keystone_conf = start_keystone(
            procs, os.path.abspath(args.keystone_venv), state, compute_url)
        compute_url, _ = start_minova(procs, state, port, keystone_conf)
        refs = prepare(compute_url, admin_token(clouds['admin']))
        log('ready after %.0f s' % (time.monotonic() - started))
        results = {}
        for name, glance, select in passes(not args.no_glance):
            results.update(run_pass(
                os.path.join(state, name), tempest_conf_args=(
                    clouds, refs, glance, not args.no_cinder,
                    not args.no_neutron),
                regex=args.regex, select=select,
                concurrency=args.concurrency))
        with open(os.path.join(state, 'results.json'), 'w') as f:
            json.dump({t: {'status': s, 'detail': d if len(d) < 6000 else
                           d[:2000] + '\n[...]\n' + d[-4000:]}
                       for t, (s, d) in sorted(results.items())}, f,
                      indent=1)
        # With a --regex of a few tests, the must-pass tests it selects.
        must_pass = [t for t in read_must_pass(args.must_pass)
                     if re.search(args.regex, t)]
        ok = summarize(results, must_pass)
        log('took %.0f s' % (time.monotonic() - started))
    finally:
        procs.stop()
        if args.keep or not ok:
            log('state kept in %s' % state)
        else:
            shutil.rmtree(state, ignore_errors=True)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
