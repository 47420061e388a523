#!/usr/bin/env bash
# Set minova up on a fresh Debian 12 (Python 3.11, as root) and run its main
# job on the embedded default: minova-all (API, conductor, scheduler and a
# compute in one process, SQLite, the in-process bus, libvirt's test:///default
# hypervisor), then boot a demo server through the API and print its state
# changes until it is ACTIVE. minova-all keeps serving on port 8774 until
# Ctrl-C; with --once it stops after the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

once=false
[ "${1:-}" = "--once" ] && once=true

# The system's Python 3.11 when there is one, even if another python3 comes
# first on PATH (PYTHON= picks another): Debian builds it with profile-guided
# and link-time optimization, and minova runs a fifth to a third faster on it
# than on a Python built from source without them (pyenv's default).
if [ -z "${PYTHON:-}" ]; then
    PYTHON=python3
    [ -x /usr/bin/python3.11 ] && PYTHON=/usr/bin/python3.11
fi
packages=(libvirt-dev pkg-config)
# libvirt-python is built here: the system's Python needs its headers, and
# its venv module.
[ "$PYTHON" = /usr/bin/python3.11 ] && packages+=(python3.11-dev python3.11-venv)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi
if [ ! -x .venv/bin/python ]; then
    rm -rf .venv
    "$PYTHON" -m venv .venv || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
        "$PYTHON" -m venv .venv
    }
fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[libvirt]'

state=${MINOVA_STATE_PATH:-$PWD/state}
mkdir -p "$state"
printf '[DEFAULT]\nstate_path = %s\n' "$state" >"$state/local.conf"
confs="--config-file etc/minova/minova-all.conf --config-file $state/local.conf"
# shellcheck disable=SC2086
.venv/bin/minova-all $confs >"$state/minova-all.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
echo "minova-all started (pid $pid, log $state/minova-all.log)"

url=http://127.0.0.1:8774/v2.1
for _ in $(seq 1 60); do
    curl -sf "$url" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { tail -5 "$state/minova-all.log"; exit 1; }
    sleep 0.5
done
# shellcheck disable=SC2086
.venv/bin/minova-manage $confs service list
.venv/bin/python tools/demo_boot.py --url "$url" --token admin:admin

if ! $once; then
    echo "minova-all serves $url (token admin:admin); Ctrl-C stops it."
    wait $pid
fi
