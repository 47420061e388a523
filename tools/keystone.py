#!/usr/bin/env python3
"""A real Keystone beside minova, on loopback, for a laptop or a test.

    tools/keystone.py install [--venv DIR]
    tools/keystone.py serve [--venv DIR] [--state DIR] [--port 5000]
                            [--compute-url http://127.0.0.1:8774]

``install`` puts the ``keystone`` package from PyPI and gunicorn (a pure
Python WSGI server: Keystone ships no server of its own, and uWSGI would
need a compiler) in a virtualenv of their own, pinned by
``tools/keystone-constraints.txt``; it does nothing when that venv already
has them. ``serve`` installs if need be; on first use of a state directory
it writes ``keystone.conf`` (SQLite, fernet tokens), runs ``keystone-manage
db_sync``, ``fernet_setup`` and ``credential_setup``; at each start it runs
``bootstrap``, serves Keystone on 127.0.0.1 and registers what minova needs:

- the ``compute`` (``<compute-url>/v2.1``), ``block-storage`` and
  ``volumev3`` (both ``<compute-url>/volume/v3``) and ``image``
  (``<compute-url>/image``) endpoints in region RegionOne;
- the service user ``minova`` (role ``service`` in project ``service``),
  which keystonemiddleware logs in as to validate tokens;
- projects ``demo`` and ``alt_demo``, each with a user of the same name and
  the role ``member`` (devstack's names), and ``demo_reader``, who may only
  read ``demo`` (role ``reader``); ``admin`` is the admin.

It writes ``minova-keystone.conf`` (``[api] auth_strategy = keystone`` and
``[keystone_authtoken]``, to pass to minova as a second ``--config-file``)
and ``clouds.yaml`` (every account, for ``openstack --os-cloud``) into
the state directory, the latter last: once it exists, everything is ready.
It serves until SIGTERM or Ctrl-C. Only the standard library is used here,
so any Python 3.11 runs it.
"""

import argparse
import getpass
import grp
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CONSTRAINTS = os.path.join(HERE, 'keystone-constraints.txt')
PACKAGES = ['keystone', 'gunicorn']
# gunicorn's factory form: present in every Keystone since 2019 (the module
# keystone.wsgi.api only in recent ones).
WSGI_APP = 'keystone.server.wsgi:initialize_public_application()'
REGION = 'RegionOne'
MEMBERS = ('demo', 'alt_demo')
# user -> the project it may only read (Keystone's role reader).
READERS = {'demo_reader': 'demo'}
# Quiet the deprecation warnings (eventlet's) Keystone prints at each start.
QUIET = dict(os.environ, PYTHONWARNINGS='ignore')
SERVICE_USER = 'minova'


def log(message):
    print('keystone.py: %s' % message, flush=True)


# -- install ----------------------------------------------------------------


def _install_stamp():
    """What the venv must have been built from: a change reinstalls."""
    with open(CONSTRAINTS, 'rb') as f:
        digest = hashlib.sha256(f.read())
    digest.update(' '.join(PACKAGES + [sys.version]).encode())
    return digest.hexdigest()


def install(venv):
    """Create ``venv`` with Keystone and gunicorn, unless already done."""
    stamp = os.path.join(venv, 'minova-keystone.stamp')
    want = _install_stamp()
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == want:
                return
    log('installing %s into %s' % (' '.join(PACKAGES), venv))
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
    subprocess.run([os.path.join(venv, 'bin', 'pip'), 'install', '-q',
                    '--disable-pip-version-check', '-c', CONSTRAINTS]
                   + PACKAGES, check=True)
    with open(stamp, 'w') as f:
        f.write(want)


# -- configure --------------------------------------------------------------


def keystone_conf(state, token_expiration):
    return """\
[DEFAULT]
log_file = {state}/keystone.log
[database]
connection = sqlite:///{state}/keystone.sqlite
[token]
provider = fernet
expiration = {expiration}
[fernet_tokens]
key_repository = {state}/fernet-keys
[fernet_receipts]
key_repository = {state}/fernet-keys
[credential]
key_repository = {state}/credential-keys
[identity]
# bcrypt's fewest rounds: each password log-in costs milliseconds, not a
# quarter of a second. A Keystone for a laptop or a test only.
password_hash_rounds = 4
""".format(state=state, expiration=token_expiration)


def minova_conf(auth_url, password):
    """The options minova-api (or minova-all) needs to use this Keystone,
    as Nova sets them (devstack's nova.conf)."""
    return """\
[api]
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = {auth_url}
auth_url = {auth_url}
auth_type = password
username = {user}
password = {password}
project_name = service
user_domain_name = Default
project_domain_name = Default
interface = public
# No memcached: tokens are validated with Keystone on every request, so a
# revoked token is refused at once (with a cache, after token_cache_time).
token_cache_time = -1
""".format(auth_url=auth_url, user=SERVICE_USER, password=password)


def gunicorn_conf(state, port, workers):
    return """\
# gunicorn's settings for Keystone, written by tools/keystone.py.
import sys

# A worker that loads Keystone parses sys.argv with oslo.config, which
# would refuse gunicorn's own arguments: gunicorn has read them already.
del sys.argv[1:]

wsgi_app = {app!r}
bind = '127.0.0.1:{port}'
workers = {workers}
accesslog = '{state}/access.log'
errorlog = '{state}/gunicorn.log'
raw_env = ['OS_KEYSTONE_CONFIG_FILES={state}/keystone.conf']
# Not one control socket in $HOME shared by every gunicorn of the machine.
control_socket_disable = True
""".format(app=WSGI_APP, port=port, workers=workers, state=state)


def manage(venv, conf, *args):
    subprocess.run([os.path.join(venv, 'bin', 'keystone-manage'),
                    '--config-file', conf] + list(args), check=True,
                   stdin=subprocess.DEVNULL, env=QUIET)


def setup(venv, state, auth_url, token_expiration):
    """Configuration, and on first use of ``state`` the database and keys;
    then ``bootstrap`` (the admin, and the identity endpoints at this
    ``auth_url``: it updates them if the port changed). Returns the
    passwords, made up once and kept in ``passwords.json``."""
    conf = os.path.join(state, 'keystone.conf')
    with open(conf, 'w') as f:
        f.write(keystone_conf(state, token_expiration))
    passwords_file = os.path.join(state, 'passwords.json')
    passwords = {}
    if os.path.exists(passwords_file):
        with open(passwords_file) as f:
            passwords = json.load(f)
    else:
        user, group = getpass.getuser(), grp.getgrgid(os.getgid()).gr_name
        log('keystone-manage db_sync, fernet_setup, credential_setup')
        manage(venv, conf, 'db_sync')
        for command in ('fernet_setup', 'credential_setup'):
            manage(venv, conf, command, '--keystone-user', user,
                   '--keystone-group', group)
    # An account added since the state was made gets its password now.
    missing = [name for name in ('admin', SERVICE_USER) + MEMBERS +
               tuple(READERS) if name not in passwords]
    passwords.update({name: secrets.token_urlsafe(12) for name in missing})
    manage(venv, conf, 'bootstrap',
           '--bootstrap-password', passwords['admin'],
           '--bootstrap-region-id', REGION,
           '--bootstrap-admin-url', auth_url,
           '--bootstrap-internal-url', auth_url,
           '--bootstrap-public-url', auth_url)
    if missing:
        with open(os.open(passwords_file, os.O_WRONLY | os.O_CREAT |
                          os.O_TRUNC, 0o600), 'w') as f:
            json.dump(passwords, f)
    return passwords


# -- register ---------------------------------------------------------------


class Identity:
    """Just enough of Keystone's v3 API, as the admin, to find or create."""

    def __init__(self, auth_url, password):
        self.auth_url = auth_url
        body = {'auth': {'identity': {'methods': ['password'], 'password': {
            'user': {'name': 'admin', 'domain': {'id': 'default'},
                     'password': password}}},
            'scope': {'project': {'name': 'admin',
                                  'domain': {'id': 'default'}}}}}
        self.token = None
        request = self._request('POST', '/auth/tokens', body)
        with urllib.request.urlopen(request, timeout=30) as response:
            self.token = response.headers['X-Subject-Token']

    def _request(self, method, path, body=None):
        headers = {'Content-Type': 'application/json'}
        if self.token:
            headers['X-Auth-Token'] = self.token
        return urllib.request.Request(
            self.auth_url + path, method=method, headers=headers,
            data=None if body is None else json.dumps(body).encode())

    def call(self, method, path, body=None):
        with urllib.request.urlopen(self._request(method, path, body),
                                    timeout=30) as response:
            data = response.read()
        return json.loads(data) if data else None

    def ensure(self, collection, match, **fields):
        """The id of the ``collection`` entity with ``match``; created with
        ``fields`` too if there is none."""
        query = '&'.join('%s=%s' % item for item in sorted(match.items()))
        found = self.call('GET', '/%s?%s' % (collection, query))[collection]
        if found:
            return found[0]['id']
        body = {collection[:-1]: dict(match, **fields)}
        return self.call('POST', '/' + collection, body)[
            collection[:-1]]['id']

    def grant(self, project, user, role):
        self.call('PUT', '/projects/%s/users/%s/roles/%s' % (project, user,
                                                             role))


def register(auth_url, compute_url, passwords):
    """minova's endpoints, service user, projects and members."""
    ks = Identity(auth_url, passwords['admin'])
    services = (('nova', 'compute', compute_url + '/v2.1'),
                ('cinder', 'block-storage', compute_url + '/volume/v3'),
                # The older name of the same API, as devstack registers
                # both: clients and tools that still look for it find it.
                ('cinderv3', 'volumev3', compute_url + '/volume/v3'),
                ('glance', 'image', compute_url + '/image'))
    for name, kind, url in services:
        service = ks.ensure('services', {'type': kind}, name=name)
        for interface in ('public', 'internal'):
            endpoint = ks.ensure('endpoints', {'service_id': service,
                                               'interface': interface},
                                 region_id=REGION, url=url)
            ks.call('PATCH', '/endpoints/' + endpoint,
                    {'endpoint': {'url': url}})
    roles = {name: ks.ensure('roles', {'name': name})
             for name in ('member', 'reader', 'service')}
    for user_name, project_name, role in (
            [(SERVICE_USER, 'service', 'service')] +
            [(name, name, 'member') for name in MEMBERS] +
            [(name, project, 'reader') for name, project in READERS.items()]):
        project = ks.ensure('projects', {'name': project_name},
                            domain_id='default')
        user = ks.ensure('users', {'name': user_name}, domain_id='default',
                         password=passwords[user_name],
                         default_project_id=project)
        ks.grant(project, user, roles[role])


def clouds(auth_url, passwords):
    """clouds.yaml's content (JSON is YAML) for every account."""
    projects = dict(READERS, **{SERVICE_USER: 'service'})
    return {'clouds': {name: {
        'auth': {'auth_url': auth_url, 'username': name,
                 'password': passwords[name],
                 'project_name': projects.get(name, name),
                 'user_domain_name': 'Default',
                 'project_domain_name': 'Default'},
        'region_name': REGION, 'identity_api_version': 3}
        for name in passwords}}


# -- serve ------------------------------------------------------------------


def wait_for(url, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit('keystone.py: the WSGI server exited (%d)'
                             % server.returncode)
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.25)
    raise SystemExit('keystone.py: Keystone does not answer on %s' % url)


def serve(args):
    venv, state = os.path.abspath(args.venv), os.path.abspath(args.state)
    install(venv)
    os.makedirs(state, exist_ok=True)
    for name in ('clouds.yaml', 'minova-keystone.conf'):
        if os.path.exists(os.path.join(state, name)):
            os.unlink(os.path.join(state, name))
    auth_url = 'http://127.0.0.1:%d/v3' % args.port
    passwords = setup(venv, state, auth_url, args.token_expiration)
    conf = os.path.join(state, 'gunicorn.conf.py')
    with open(conf, 'w') as f:
        f.write(gunicorn_conf(state, args.port, args.workers))
    server = subprocess.Popen(
        [os.path.join(venv, 'bin', 'gunicorn'), '--config', conf],
        stdin=subprocess.DEVNULL, env=QUIET)

    def stop(signum, frame):
        server.terminate()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        wait_for(auth_url, server)
        register(auth_url, args.compute_url.rstrip('/'), passwords)
        with open(os.path.join(state, 'minova-keystone.conf'), 'w') as f:
            f.write(minova_conf(auth_url, passwords[SERVICE_USER]))
        # Whole or not at all: its presence says Keystone is ready.
        ready = os.path.join(state, 'clouds.yaml')
        with open(os.open(ready + '.tmp', os.O_WRONLY | os.O_CREAT |
                          os.O_TRUNC, 0o600), 'w') as f:
            json.dump(clouds(auth_url, passwords), f, indent=2)
        os.replace(ready + '.tmp', ready)
    except BaseException:
        server.terminate()
        server.wait(30)
        raise
    log('Keystone serves %s (log %s/keystone.log); for minova: '
        '--config-file %s/minova-keystone.conf; for the CLI: '
        'OS_CLIENT_CONFIG_FILE=%s/clouds.yaml openstack --os-cloud admin'
        % (auth_url, state, state, state))
    return server.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('command', choices=['install', 'serve'])
    parser.add_argument('--venv', default='.keystone-venv',
                        help='the virtualenv Keystone is installed in')
    parser.add_argument('--state', default='state/keystone',
                        help='configuration, database, keys and logs')
    parser.add_argument('--port', type=int, default=5000)
    parser.add_argument('--compute-url', default='http://127.0.0.1:8774',
                        help="minova-api's root URL, for the catalog")
    parser.add_argument('--token-expiration', type=int, default=3600,
                        help="Keystone's [token] expiration, in seconds")
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == 'install':
        install(os.path.abspath(args.venv))
        return 0
    return serve(args)


if __name__ == '__main__':
    sys.exit(main())
