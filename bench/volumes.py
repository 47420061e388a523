#!/usr/bin/env python3
"""Volume attach benchmark for any Nova-compatible compute API, over HTTP.

C concurrent clients each boot one server and create one 1 GB volume
(``/os-volumes``), then for ``--seconds`` attach it
(``os-volume_attachments``), wait until the volume is ``in-use``, detach
it and wait until it is ``available`` again, polling the volume every
``--poll-interval`` seconds on the client's own connection. Then it
deletes the servers and volumes. It imports nothing of minova.

    minova-all --config-file bench/minova-all-bench.conf &
    python3 bench/volumes.py --url http://127.0.0.1:8774/v2.1 \
        --token admin:admin -c 10 --seconds 20

The last line is ``attach_detach_per_s=X p50_s=Y errors=E``: attach and
detach cycles completed per second, the median of one cycle, and the
cycles that failed.
"""

import argparse
import statistics
import threading
import time

import boot


def wait_volume(client, volume_id, status, args):
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        code, body = client.request('GET', '/os-volumes/%s' % volume_id)
        if code == 200 and body['volume']['status'] == status:
            return True
        time.sleep(args.poll_interval)
    return False


def cycle_worker(args, server_id, volume_id, deadline, results):
    client = boot.Client(args.url, args.token)
    url = '/servers/%s/os-volume_attachments' % server_id
    while time.monotonic() < deadline:
        start = time.monotonic()
        code, _ = client.request('POST', url, {'volumeAttachment': {
            'volumeId': volume_id}})
        ok = code == 200 and wait_volume(client, volume_id, 'in-use', args)
        if ok:
            code, _ = client.request('DELETE', '%s/%s' % (url, volume_id))
            ok = code == 202 and wait_volume(client, volume_id, 'available',
                                             args)
        results.append(time.monotonic() - start if ok else None)
        if not ok:
            return


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True,
                        help='compute endpoint, e.g. http://host:8774/v2.1')
    parser.add_argument('--token', required=True,
                        help='X-Auth-Token (noauth2: user:project)')
    parser.add_argument('-c', type=int, default=10,
                        help='concurrent clients, one server each')
    parser.add_argument('--seconds', type=float, default=20)
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--timeout', type=float, default=60)
    parser.add_argument('--poll-interval', type=float, default=0.01)
    args = parser.parse_args()

    setup = boot.Client(args.url, args.token)
    flavor = boot.find(setup, '/flavors', 'flavors', args.flavor)
    image = boot.find(setup, '/images', 'images')
    servers, volumes = [], []
    for index in range(args.c):
        code, body = setup.request('POST', '/servers', {'server': {
            'name': 'bench-volumes-%d' % index, 'flavorRef': flavor,
            'imageRef': image}})
        servers.append(body['server']['id'])
        code, body = setup.request('POST', '/os-volumes',
                                   {'volume': {'size': 1}})
        volumes.append(body['volume']['id'])
    for server_id in servers:
        boot.wait_for(setup, server_id, lambda code, s: s and s[
            'status'] in ('ACTIVE', 'ERROR'), args.timeout)

    results = []
    started = time.monotonic()
    threads = [threading.Thread(target=cycle_worker, args=(
        args, server_id, volume_id, started + args.seconds, results))
        for server_id, volume_id in zip(servers, volumes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    lock, delete_errors = threading.Lock(), []
    boot.run(args.c, boot.delete_worker, args, list(servers), lock,
             delete_errors)
    for volume_id in volumes:
        setup.request('DELETE', '/os-volumes/%s' % volume_id)

    cycles = [seconds for seconds in results if seconds is not None]
    errors = len(results) - len(cycles) + len(delete_errors)
    print('%d attach/detach cycles in %.2fs with %d clients' % (
        len(cycles), elapsed, args.c))
    print('attach_detach_per_s=%.1f p50_s=%.3f errors=%d' % (
        len(cycles) / elapsed,
        statistics.median(cycles) if cycles else float('nan'), errors))


if __name__ == '__main__':
    main()
