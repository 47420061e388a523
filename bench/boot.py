#!/usr/bin/env python3
"""Boot benchmark for any Nova-compatible compute API, over HTTP only.

Boots N servers with C concurrent clients (each boots one server, waits
until it is ACTIVE or ERROR, then boots the next), then deletes them all and
waits until they are gone. One watcher thread follows every server in flight
with ``GET /servers/detail?changes-since=...&status=ACTIVE&status=ERROR``
every 30 ms. It imports nothing of minova, so the same run can be pointed
at minova or at Nova.

    minova-all --config-file bench/minova-all-bench.conf &
    python3 bench/boot.py --url http://127.0.0.1:8774/v2.1 --token admin:admin \
        -n 300 -c 10

The last line is ``servers_per_s=X p50_s=Y p95_s=Z errors=E``: servers that
reached ACTIVE per second of the whole boot phase, the median and 95th
percentile of create→ACTIVE, and the servers that failed (not ACTIVE, or an
API error).
"""

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse


class Client:
    """One keep-alive HTTP connection per worker thread."""

    def __init__(self, url, token):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.prefix = parts.path.rstrip('/')
        self.headers = {'X-Auth-Token': token, 'Accept': 'application/json',
                        'Content-Type': 'application/json'}
        self.conn = None

    def request(self, method, path, body=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=60)
            try:
                self.conn.request(method, self.prefix + path,
                                  json.dumps(body) if body is not None
                                  else None, self.headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise


def find(client, path, key, name=None):
    status, body = client.request('GET', path)
    if status != 200 or not body[key]:
        sys.exit('boot.py: GET %s answered %s' % (path, status))
    for item in body[key]:
        if name is None or item['name'] == name:
            return item['id']
    sys.exit('boot.py: no %r in %s' % (name, path))


def wait_for(client, server_id, done, timeout):
    """Poll a server until ``done(status_code, server)``; return the server."""
    deadline, delay = time.monotonic() + timeout, 0.01
    while time.monotonic() < deadline:
        status, body = client.request('GET', '/servers/%s' % server_id)
        server = body.get('server') if body else None
        if done(status, server):
            return status, server
        time.sleep(delay)
        delay = min(delay * 1.5, 0.1)
    return None, None


class Watcher(threading.Thread):
    """Watches every server in flight with one request at a time:
    ``GET /servers/detail?changes-since=...&status=ACTIVE&status=ERROR``
    every ``--poll-interval`` seconds, so that polling costs the cloud the
    same however many boots are in flight (polling each server would load
    the API more than the boots). It asks only for the servers that
    settled: the others, still building, would be listed for nothing (they
    were most of each answer, and listing a server costs the API about as
    much as one step of its boot).

    Each poll asks for the servers changed since ``--poll-margin`` seconds
    before the previous poll, in fractions of a second: the margin covers
    the transactions in flight (on minova-all under this benchmark, a whole
    state change, from its call to its commit, took 35 ms at the 99th
    percentile and 51 ms at most, on a slow run of a 2-core VM). The window
    is what the watcher costs the cloud: every server changed in it is
    listed again at every poll (with a 2 s window at 20 ms, a server was
    listed 75 times, which cost more CPU than booting it). A change the
    window still misses (a transaction that committed later than the
    margin) is not lost: a server unsettled for ``--straggler-after``
    seconds is also asked for by itself, once per such period.

    The interval must stay well under the time a round of C boots takes,
    or the closed loop locks onto it: a client learns of its server at a
    poll and boots the next one at once, so boots start in rounds. At
    50 ms, with boots of about 10 ms of CPU each, five clients saw every
    boot take one interval (55 ms with the poll) and ten clients two,
    whatever the cloud did: about 90 servers/s at most at C=10. At 30 ms,
    back to back on the same cloud, C=10 measured 87 to 109 where 50 ms
    measured 81 to 86, the polls costing it no more CPU."""

    def __init__(self, args, statuses=('ACTIVE', 'ERROR')):
        super().__init__(daemon=True)
        self.query = '&'.join('status=%s' % status for status in statuses)
        self.client = Client(args.url, args.token)
        self.interval = args.poll_interval
        self.margin = args.poll_margin
        self.straggler_after = args.straggler_after
        # server id -> [event, final server, next check, target status]
        self.waiting = {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.stragglers = 0  # single GETs of servers unsettled too long

    def watch(self, server_id, target=None):
        """A slot whose event is set once the server settles: ACTIVE or
        ERROR, or with ``target``, that status (or ERROR) with no task in
        flight."""
        slot = [threading.Event(), None,
                time.monotonic() + self.straggler_after, target]
        with self.lock:
            self.waiting[server_id] = slot
        return slot

    def run(self):
        since = _isotime(time.time() - 5)
        while not self.stopped.wait(self.interval):
            polled_at = time.time()
            status, body = self.client.request(
                'GET', '/servers/detail?changes-since=%s&%s' % (
                    since, self.query))
            if status != 200:
                continue
            since = _isotime(polled_at - self.margin)
            for server in body['servers']:
                self._settle(server)
            self._check_stragglers()

    def _settle(self, server):
        with self.lock:
            slot = self.waiting.get(server['id'])
            if slot is None or not _settled(server, slot[3]):
                return
            del self.waiting[server['id']]
        if slot:
            slot[1] = server
            slot[0].set()

    def _check_stragglers(self):
        now = time.monotonic()
        with self.lock:
            late = [server_id for server_id, slot in self.waiting.items()
                    if slot[2] <= now]
            for server_id in late:
                self.waiting[server_id][2] = now + self.straggler_after
        for server_id in late:
            self.stragglers += 1
            status, body = self.client.request('GET',
                                               '/servers/%s' % server_id)
            if status == 200:
                self._settle(body['server'])


def _settled(server, target):
    if target is None:
        return server['status'] in ('ACTIVE', 'ERROR')
    return server['status'] in (target, 'ERROR') and \
        server.get('OS-EXT-STS:task_state') is None


def _isotime(seconds):
    """ISO 8601 UTC with microseconds, as changes-since takes it."""
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds)) + (
        '.%06dZ' % int(seconds % 1 * 1e6))


def boot_one(client, args, flavor, image, name, watcher):
    """Boot one server and wait until the watcher sees it settle:
    ``(server_id, seconds, error)``; server_id is None when the API refused
    it, error None when it went ACTIVE."""
    start = time.monotonic()
    status, body = client.request('POST', '/servers', {'server': {
        'name': name, 'flavorRef': flavor, 'imageRef': image}})
    if status != 202:
        return None, None, 'create %s: %s' % (status, body)
    server_id = body['server']['id']
    slot = watcher.watch(server_id)
    slot[0].wait(args.timeout)
    elapsed = time.monotonic() - start
    server = slot[1]
    if server and server['status'] == 'ACTIVE':
        return server_id, elapsed, None
    return server_id, elapsed, (
        server and server.get('fault', {}).get('message')
        or 'not settled in %ss' % args.timeout)


def boot_worker(args, flavor, image, todo, lock, results, watcher):
    client = Client(args.url, args.token)
    while True:
        with lock:
            if not todo:
                return
            index = todo.pop()
        server_id, elapsed, error = boot_one(
            client, args, flavor, image, 'bench-%d' % index, watcher)
        results.append(('error', server_id, error) if error
                       else ('ok', server_id, elapsed))


def delete_worker(args, todo, lock, errors):
    client = Client(args.url, args.token)
    while True:
        with lock:
            if not todo:
                return
            server_id = todo.pop()
        status, _ = client.request('DELETE', '/servers/%s' % server_id)
        if status != 204:
            errors.append('delete %s: %s' % (server_id, status))
            continue
        code, _ = wait_for(client, server_id,
                           lambda code, s: code == 404, args.timeout)
        if code != 404:
            errors.append('delete %s: not gone' % server_id)


def run(workers, target, *args):
    threads = [threading.Thread(target=target, args=args)
               for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered)
                                                               - 1))))]


def add_watcher_arguments(parser):
    """The options of :class:`Watcher`."""
    parser.add_argument('--poll-interval', type=float, default=0.03,
                        help='seconds between two polls of the watcher')
    parser.add_argument('--poll-margin', type=float, default=0.05,
                        help='each poll also asks for the servers changed '
                        'this many seconds before the previous poll')
    parser.add_argument('--straggler-after', type=float, default=1.0,
                        help='a server unsettled this long is also asked '
                        'for by itself (once per such period)')


def build_parser():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True,
                        help='compute endpoint, e.g. http://host:8774/v2.1')
    parser.add_argument('--token', required=True,
                        help='X-Auth-Token (noauth2: user:project)')
    parser.add_argument('-n', type=int, default=100, help='servers to boot')
    parser.add_argument('-c', type=int, default=10, help='concurrent clients')
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--timeout', type=float, default=300,
                        help='seconds one server may take to settle')
    add_watcher_arguments(parser)
    return parser


def boot_phase(args):
    """Boot ``args.n`` servers; ``(results, seconds, watcher)``."""
    setup = Client(args.url, args.token)
    flavor = find(setup, '/flavors', 'flavors', args.flavor)
    image = find(setup, '/images', 'images')

    lock, results = threading.Lock(), []
    watcher = Watcher(args)
    watcher.start()
    started = time.monotonic()
    run(args.c, boot_worker, args, flavor, image, list(range(args.n)), lock,
        results, watcher)
    boot_seconds = time.monotonic() - started
    watcher.stopped.set()
    return results, boot_seconds, watcher


def delete_phase(args, results):
    """Delete the servers booted; the errors."""
    delete_errors = []
    run(args.c, delete_worker, args, [r[1] for r in results if r[1]],
        threading.Lock(), delete_errors)
    return delete_errors


def report(args, results, boot_seconds, watcher, delete_errors):
    """Print the errors and the summary but its last line; that line."""
    latencies = [r[2] for r in results if r[0] == 'ok']
    errors = [r for r in results if r[0] != 'ok']
    for _, server_id, message in errors[:5]:
        print('error: %s %s' % (server_id, message), file=sys.stderr)
    for message in delete_errors[:5]:
        print('error: %s' % message, file=sys.stderr)
    print('booted %d of %d in %.2fs with %d clients (%d single GETs of '
          'servers unsettled after %ss)' % (
              len(latencies), args.n, boot_seconds, args.c,
              watcher.stragglers, args.straggler_after))
    p50 = statistics.median(latencies) if latencies else float('nan')
    p95 = percentile(latencies, 0.95) if latencies else float('nan')
    return 'servers_per_s=%.1f p50_s=%.3f p95_s=%.3f errors=%d' % (
        len(latencies) / boot_seconds, p50, p95,
        len(errors) + len(delete_errors))


def main():
    args = build_parser().parse_args()
    results, boot_seconds, watcher = boot_phase(args)
    delete_errors = delete_phase(args, results)
    print(report(args, results, boot_seconds, watcher, delete_errors))


if __name__ == '__main__':
    main()
