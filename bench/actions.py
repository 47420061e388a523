#!/usr/bin/env python3
"""Server action benchmark for any Nova-compatible compute API, over HTTP.

C concurrent clients each boot one server, then cycle it through
``os-stop`` -> SHUTOFF -> ``os-start`` -> ACTIVE for ``--seconds``: an
action is timed from its POST until the server shows the status it leads
to with no task in flight. One watcher thread follows every server in
flight, as bench/boot.py's does (one listing every 30 ms, whatever the
number of clients: polling each server would load the API more than the
actions do). With ``--shelve`` a second phase cycles the same servers
through ``shelve`` -> SHELVED_OFFLOADED -> ``unshelve`` -> ACTIVE. Then
it deletes the servers. It imports nothing of minova.

    minova-all --config-file bench/minova-all-bench.conf &
    python3 bench/actions.py --url http://127.0.0.1:8774/v2.1 \
        --token admin:admin -c 10 --seconds 20 --shelve

With ``--shelve`` it prints ``shelve_cycles_per_s=X p50_s=Y errors=E``
(a cycle is a shelve and an unshelve); the last line is always
``actions_per_s=X p50_s=Y p95_s=Z errors=E``: stops and starts completed
per second of the action phase, the median and 95th percentile of one
action, and the actions that failed (not 202, ERROR, or not settled).
"""

import argparse
import statistics
import sys
import threading
import time

import boot

STOP_START = (('os-stop', 'SHUTOFF'), ('os-start', 'ACTIVE'))
SHELVE_UNSHELVE = (('shelve', 'SHELVED_OFFLOADED'), ('unshelve', 'ACTIVE'))
STATUSES = ('ACTIVE', 'SHUTOFF', 'SHELVED_OFFLOADED', 'ERROR')


def act(client, watcher, server_id, action, target, timeout):
    """POST one action and wait until it settles; (seconds, error)."""
    start = time.monotonic()
    slot = watcher.watch(server_id, target)
    status, body = client.request('POST', '/servers/%s/action' % server_id,
                                  {action: None})
    if status != 202:
        with watcher.lock:
            watcher.waiting.pop(server_id, None)
        return None, '%s %s: %s %s' % (action, server_id, status, body)
    slot[0].wait(timeout)
    server = slot[1]
    if server is None or server['status'] != target:
        return None, '%s %s: %s' % (action, server_id, server and server.get(
            'fault', {}).get('message') or 'not settled in %ss' % timeout)
    return time.monotonic() - start, None


def cycle_worker(args, server_id, cycle, deadline, watcher, results):
    """Run ``cycle`` (pairs of action and status) until ``deadline``."""
    client = boot.Client(args.url, args.token)
    while time.monotonic() < deadline:
        total = 0
        for action, target in cycle:
            seconds, error = act(client, watcher, server_id, action, target,
                                 args.timeout)
            results.append((action, seconds, error))
            if error:
                return
            total += seconds
        results.append(('cycle', total, None))


def boot_servers(args, flavor, image, watcher):
    client = boot.Client(args.url, args.token)
    servers = []
    for index in range(args.c):
        status, body = client.request('POST', '/servers', {'server': {
            'name': 'bench-actions-%d' % index, 'flavorRef': flavor,
            'imageRef': image}})
        if status != 202:
            sys.exit('actions.py: POST /servers answered %s %s' % (status,
                                                                   body))
        servers.append((body['server']['id'],
                        watcher.watch(body['server']['id'])))
    for server_id, slot in servers:
        slot[0].wait(args.timeout)
        if not slot[1] or slot[1]['status'] != 'ACTIVE':
            sys.exit('actions.py: server %s did not become ACTIVE'
                     % server_id)
    return [server_id for server_id, _ in servers]


def phase(args, servers, cycle, watcher):
    """Every client cycles its server for ``--seconds``; the results and
    the phase's length."""
    results = []
    started = time.monotonic()
    threads = [threading.Thread(target=cycle_worker, args=(
        args, server_id, cycle, started + args.seconds, watcher, results))
        for server_id in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    for _, _, error in [r for r in results if r[2]][:5]:
        print('error: %s' % error, file=sys.stderr)
    return results, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True,
                        help='compute endpoint, e.g. http://host:8774/v2.1')
    parser.add_argument('--token', required=True,
                        help='X-Auth-Token (noauth2: user:project)')
    parser.add_argument('-c', type=int, default=10,
                        help='concurrent clients, one server each')
    parser.add_argument('--seconds', type=float, default=20,
                        help='length of each phase')
    parser.add_argument('--shelve', action='store_true',
                        help='also cycle shelve and unshelve')
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--timeout', type=float, default=60,
                        help='seconds one action may take to settle')
    boot.add_watcher_arguments(parser)
    args = parser.parse_args()

    setup = boot.Client(args.url, args.token)
    flavor = boot.find(setup, '/flavors', 'flavors', args.flavor)
    image = boot.find(setup, '/images', 'images')
    watcher = boot.Watcher(args, statuses=STATUSES)
    watcher.start()
    servers = boot_servers(args, flavor, image, watcher)

    results, elapsed = phase(args, servers, STOP_START, watcher)
    shelve_line = None
    if args.shelve:
        shelved, shelve_elapsed = phase(args, servers, SHELVE_UNSHELVE,
                                        watcher)
        cycles = [seconds for action, seconds, _ in shelved
                  if action == 'cycle']
        shelve_line = 'shelve_cycles_per_s=%.2f p50_s=%.3f errors=%d' % (
            len(cycles) / shelve_elapsed,
            statistics.median(cycles) if cycles else float('nan'),
            sum(1 for r in shelved if r[2]))
    watcher.stopped.set()

    lock, delete_errors = threading.Lock(), []
    boot.run(args.c, boot.delete_worker, args, list(servers), lock,
             delete_errors)
    for message in delete_errors[:5]:
        print('error: %s' % message, file=sys.stderr)

    latencies = [seconds for action, seconds, _ in results
                 if action != 'cycle' and seconds is not None]
    errors = sum(1 for r in results if r[2]) + len(delete_errors)
    print('%d stops and starts in %.2fs with %d clients (%d single GETs of '
          'servers unsettled after %ss)' % (
              len(latencies), elapsed, args.c, watcher.stragglers,
              args.straggler_after))
    if shelve_line:
        print(shelve_line)
    p50 = statistics.median(latencies) if latencies else float('nan')
    p95 = boot.percentile(latencies, 0.95) if latencies else float('nan')
    print('actions_per_s=%.1f p50_s=%.3f p95_s=%.3f errors=%d' % (
        len(latencies) / elapsed, p50, p95, errors))


if __name__ == '__main__':
    main()
