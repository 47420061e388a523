"""Commands, daemons and service processes: what the deployment tool and
the integration tests run, each process tracked by its pid (a pid file for
the tool) and stopped by it alone."""

import os
import pwd
import resource
import signal
import socket
import subprocess
import sys
import time


class SetupError(Exception):
    """The machine cannot give the deployment what it needs; says what to
    do."""


def run(cmd, timeout=120, check=True):
    """Run ``cmd`` and return the CompletedProcess (text). With ``check``, a
    non-zero exit raises :class:`SetupError` with what it printed."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SetupError('%s did not finish within %d s' % (' '.join(cmd),
                                                            timeout))
    if check and proc.returncode:
        raise SetupError('%s failed (exit %d): %s' % (
            ' '.join(cmd), proc.returncode,
            (proc.stderr.strip() or proc.stdout.strip())[-2000:]))
    return proc


def start_daemon(cmd, open_files_limit=None, user=None):
    """Run a command that leaves a daemon behind. Its output goes nowhere:
    a pipe would be held open by the daemon and never reach end of file.
    ``open_files_limit`` raises the daemon's soft limit of open files (up
    to the hard limit); ``user`` (when run as root) runs it as that user,
    in its home directory."""
    env = cwd = entry = None
    if user is not None and os.getuid() == 0:
        try:
            entry = pwd.getpwnam(user)
        except KeyError:    # (a package that runs it as root)
            pass
        else:
            env = dict(os.environ, HOME=entry.pw_dir)
            cwd = entry.pw_dir if os.path.isdir(entry.pw_dir) else None

    def prepare():
        if open_files_limit:
            _raise_open_files(open_files_limit)
        if entry is not None:
            os.initgroups(entry.pw_name, entry.pw_gid)
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          start_new_session=True, timeout=120, env=env,
                          cwd=cwd, preexec_fn=prepare)
    return proc.returncode


def _raise_open_files(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def wait_until(predicate, timeout, interval=0.25):
    """Poll ``predicate`` until it returns something true (returned) or
    ``timeout`` seconds pass (then the last value is returned)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def listening(port, host='127.0.0.1'):
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, port)) == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def command(prog):
    """The installed console script ``prog``, or its ``main()`` run by this
    interpreter when the scripts are not beside it."""
    script = os.path.join(os.path.dirname(sys.executable), prog)
    if os.path.exists(script):
        return [script]
    module = prog.replace('minova-', 'minova.cmd.')
    return [sys.executable, '-c',
            'import sys; from %s import main; sys.exit(main())' % module]


def spawn(prog, config_files, log_file):
    """Start console script ``prog`` with ``config_files`` in a session of
    its own, its output appended to ``log_file``; the Popen."""
    args = command(prog)
    for path in config_files:
        args += ['--config-file', path]
    with open(log_file, 'ab') as log:
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT,
                                start_new_session=True)


def read_pid(pid_file):
    """The pid in ``pid_file``, or None when there is none."""
    try:
        with open(pid_file) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def is_minova_process(pid):
    """Whether ``pid`` runs a minova service: a pid file may outlive its
    process, and the pid be reused by another."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            cmdline = f.read()
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rpartition(')')[2].split()[0]
    except OSError:
        return False
    return b'minova' in cmdline and state != 'Z'


def stop_pids(pids, timeout=15):
    """SIGTERM every pid that runs minova, together; SIGKILL those still
    there after ``timeout`` s. Returns the pids that had to be killed."""
    pids = [pid for pid in pids if is_minova_process(pid)]
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    wait_until(lambda: not any(map(is_minova_process, pids)), timeout)
    killed = [pid for pid in pids if is_minova_process(pid)]
    for pid in killed:
        _signal(pid, signal.SIGKILL)
    wait_until(lambda: not any(map(is_minova_process, killed)), timeout)
    return killed


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def child_pids(parent):
    """The pids of the processes whose parent is ``parent`` (a service's
    worker processes)."""
    pids = []
    for entry in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/stat' % entry) as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        # The field after the ")" closing the command name: state, ppid.
        if int(stat.rpartition(')')[2].split()[1]) == parent:
            pids.append(int(entry))
    return sorted(pids)
