"""A real Keystone for the integration tests, started by ``tools/keystone.py``
(the recipe doc/source/keystone.rst gives for a laptop), and a minova-all
that authenticates with it.

Keystone lives in a virtualenv of its own, made once and kept:
``$MINOVA_KEYSTONE_VENV`` (tox's integration env sets it under ``.tox/``),
else ``.tox/keystone-venv`` of this tree. Making it needs PyPI; only when
PyPI cannot be reached are the tests skipped.
"""

import json
import os
import signal
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

import fixtures

from minova.tests.integration import fixtures as cloud_fixtures

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                    '..'))
TOOL = os.path.join(ROOT, 'tools', 'keystone.py')
# The interpreter the venv is made from: not a tox venv's own python, whose
# venv module would make a venv of a venv.
PYTHON = getattr(sys, '_base_executable', None) or sys.executable
INSTALL_TIMEOUT = 600
READY_TIMEOUT = 180


def keystone_venv():
    return os.environ.get('MINOVA_KEYSTONE_VENV') or os.path.join(
        ROOT, '.tox', 'keystone-venv')


def _pypi_error():
    """Why PyPI (or the index pip is told to use) cannot be reached, or
    None if it can."""
    index = os.environ.get('PIP_INDEX_URL', 'https://pypi.org/simple/')
    try:
        with urllib.request.urlopen(index.rstrip('/') + '/keystone/',
                                    timeout=15):
            return None
    except urllib.error.HTTPError:
        return None  # it answered
    except OSError as e:
        return '%s: %s' % (index, e)


def install_keystone():
    """Make (or reuse) Keystone's venv; its path. Raises SkipTest only if
    PyPI is unreachable, SetupError for any other failure."""
    venv = keystone_venv()
    try:
        proc = subprocess.run(
            [PYTHON, TOOL, 'install', '--venv', venv], capture_output=True,
            text=True, stdin=subprocess.DEVNULL, timeout=INSTALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise cloud_fixtures.SetupError(
            'installing Keystone took over %d s' % INSTALL_TIMEOUT)
    if proc.returncode:
        unreachable = _pypi_error()
        if unreachable:
            raise unittest.SkipTest('Keystone cannot be installed: PyPI is '
                                    'unreachable (%s)' % unreachable)
        raise cloud_fixtures.SetupError(
            'tools/keystone.py install failed (exit %d): %s' % (
                proc.returncode, (proc.stderr or proc.stdout)[-3000:]))
    return venv


class KeystoneServer(fixtures.Fixture):
    """``tools/keystone.py serve`` on a free port of 127.0.0.1, with
    minova's endpoints at ``compute_url`` in its catalog.

    ``auth_url``, ``clouds`` (the accounts of its clouds.yaml: admin, demo,
    alt_demo, minova) and ``minova_conf`` (the options minova needs to use
    it) are set once it is ready.
    """

    def __init__(self, venv, compute_url):
        super().__init__()
        self.venv = venv
        self.compute_url = compute_url

    def _setUp(self):
        self.state = self.useFixture(fixtures.TempDir()).path
        self.port = cloud_fixtures.free_port()
        self.log_file = os.path.join(self.state, 'keystone.py.log')
        with open(self.log_file, 'wb') as out:
            self.process = subprocess.Popen(
                [PYTHON, TOOL, 'serve', '--venv', self.venv, '--state',
                 self.state, '--port', str(self.port), '--compute-url',
                 self.compute_url], stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        self.addCleanup(self._stop)
        clouds_file = os.path.join(self.state, 'clouds.yaml')
        ready = cloud_fixtures.wait_until(
            lambda: (os.path.exists(clouds_file) or
                     self.process.poll() is not None), READY_TIMEOUT)
        if not (ready and os.path.exists(clouds_file)):
            raise cloud_fixtures.SetupError(
                'Keystone not ready after %d s: %s' % (READY_TIMEOUT,
                                                       self.log()))
        # The tool writes clouds.yaml (JSON is YAML) last, in one go.
        with open(clouds_file) as f:
            self.clouds = json.load(f)['clouds']
        self.auth_url = self.clouds['admin']['auth']['auth_url']
        with open(os.path.join(self.state, 'minova-keystone.conf')) as f:
            self.minova_conf = f.read()

    def _stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                # The tool and gunicorn share the session the tool leads.
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(30)

    def log(self, lines=60):
        """The end of the tool's output and of Keystone's own log."""
        text = []
        for name in (self.log_file, os.path.join(self.state, 'keystone.log')):
            try:
                with open(name, errors='replace') as f:
                    text.append(''.join(f.readlines()[-lines:]))
            except OSError:
                pass
        return '\n'.join(text)
