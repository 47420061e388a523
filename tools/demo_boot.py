#!/usr/bin/env python3
"""Boot one server through minova's (or any Nova's) compute API and print
its state changes until it is ACTIVE or ERROR. Standard library only.

    python3 tools/demo_boot.py --url http://127.0.0.1:8774/v2.1 --token admin:admin
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def request(args, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(args.url.rstrip('/') + path, data=data,
                                 method=method)
    req.add_header('X-Auth-Token', args.token)
    req.add_header('Content-Type', 'application/json')
    req.add_header('Accept', 'application/json')
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, resp.headers, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, e.headers, json.loads(raw) if raw else None


def first(args, path, key, name=None):
    status, _, body = request(args, 'GET', path)
    items = body[key] if status == 200 else []
    for item in items:
        if name is None or item['name'] == name:
            return item['id']
    sys.exit('demo: no %s found at %s (%s)' % (key, path, status))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:8774/v2.1')
    parser.add_argument('--token', default='admin:admin')
    parser.add_argument('--flavor', default='m1.tiny')
    parser.add_argument('--name', default='demo')
    parser.add_argument('--timeout', type=float, default=120)
    args = parser.parse_args()

    flavor = first(args, '/flavors', 'flavors', args.flavor)
    image = first(args, '/images', 'images')
    started = time.monotonic()
    status, headers, body = request(args, 'POST', '/servers', {'server': {
        'name': args.name, 'flavorRef': flavor, 'imageRef': image}})
    if status != 202:
        sys.exit('demo: create answered %s: %s' % (status, body))
    server_id = body['server']['id']
    print('POST /servers -> 202 server %s (request %s)' % (
        server_id, headers.get('x-openstack-request-id')))
    last = None
    while time.monotonic() - started < args.timeout:
        _, _, body = request(args, 'GET', '/servers/%s' % server_id)
        server = body['server']
        state = (server['status'], server.get('OS-EXT-STS:vm_state'),
                 server.get('OS-EXT-STS:task_state'))
        if state != last:
            print('%6.2fs  status=%s vm_state=%s task_state=%s' % (
                (time.monotonic() - started,) + state))
            last = state
        if server['status'] in ('ACTIVE', 'ERROR'):
            break
        time.sleep(0.05)
    if last is None or last[0] != 'ACTIVE':
        fault = server.get('fault', {}).get('message', '')
        sys.exit('demo: server ended %s %s' % (last and last[0], fault))
    addresses = [a['addr'] for net in server['addresses'].values() for a in net]
    print('server %s is ACTIVE on %s with %s' % (
        server_id, server.get('OS-EXT-SRV-ATTR:host'), ', '.join(addresses)))


if __name__ == '__main__':
    main()
