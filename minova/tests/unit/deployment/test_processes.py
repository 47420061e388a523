"""minova.deployment.processes: a daemon started with more open files, as
its own user (RabbitMQ started by root would get 1024 back from su)."""

import os
import pwd
import resource
import time

import fixtures
import testtools

from minova.deployment import processes


class TestStartDaemon(testtools.TestCase):

    @testtools.skipUnless(os.getuid() == 0, 'needs root to change user')
    def test_the_daemon_runs_as_the_user_with_the_limit(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        os.chmod(tmp, 0o777)
        out = os.path.join(tmp, 'out')
        user = pwd.getpwuid(65534).pw_name      # nobody
        status = processes.start_daemon(
            ['sh', '-c', 'echo "$(id -un) $(ulimit -n) $HOME" > %s' % out],
            open_files_limit=1500, user=user)
        self.assertEqual(0, status)
        processes.wait_until(lambda: os.path.exists(out), 10)
        time.sleep(0.1)
        with open(out) as f:
            name, limit, home = f.read().split()
        self.assertEqual((user, pwd.getpwnam(user).pw_dir), (name, home))
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        wanted = 1500 if hard == resource.RLIM_INFINITY else min(1500, hard)
        self.assertGreaterEqual(int(limit), wanted)
