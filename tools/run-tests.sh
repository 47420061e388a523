#!/usr/bin/env bash
# Run every minova test: flake8, unit, functional and integration.
#
#   tools/run-tests.sh               # pep8, py3, floors, functional,
#                                    # integration, tempest
#   tools/run-tests.sh py3 functional
#
# Meant for a fresh Debian 12 with Python 3.11, run as root: it installs what
# is missing (the Debian packages below, tox from PyPI into .tox-venv),
# prepares libvirt's qemu user, then runs the tox environments one after the
# other and ends with one line "N passed, M failed, K skipped". The
# integration tests start RabbitMQ and PostgreSQL themselves. Exit status: 0
# only if every environment passed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
    libvirt-dev pkg-config              # to build libvirt-python
    rabbitmq-server postgresql          # the integration tests' bus and DB
    python3-venv                        # the venv tox is installed in
    libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 qemu-utils
)
ENVS="${*:-pep8 py3 floors functional integration tempest}"
ENVS="${ENVS// /,}"
PYTHON="${PYTHON:-python3}"

log() { printf '==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "run-tests.sh: $* needs root (run the script as root)" >&2
        exit 1
    fi
}

install_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
            grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return
    as_root "installing ${missing[*]}"
    log "apt-get install ${missing[*]}"
    # No init system here: keep the packages' scripts from starting their
    # services; the integration tests start what they need.
    local policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod +x "$policy"
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# What ../shared/LIBVIRT.md found qemu:///system needs without systemd:
# a libvirt-qemu user, and qemu running as root with no security driver.
setup_libvirt() {
    [ "$(id -u)" = 0 ] || return 0
    getent group kvm >/dev/null || groupadd -r kvm
    getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
    id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm libvirt-qemu
    mkdir -p /var/log/libvirt /var/run/libvirt /etc/libvirt
    local conf=/etc/libvirt/qemu.conf key value
    touch "$conf"
    for key in user group security_driver cgroup_controllers; do
        case $key in
            user|group) value='"root"' ;;
            security_driver) value='"none"' ;;
            cgroup_controllers) value='[ ]' ;;
        esac
        grep -qE "^[[:space:]]*$key[[:space:]]*=" "$conf" ||
            printf '%s = %s\n' "$key" "$value" >> "$conf"
    done
}

# tox lives in a venv of its own: Debian's python3 refuses a pip install
# outside one (PEP 668, "externally managed"), and a venv works on any
# Python.
TOX_VENV=.tox-venv
install_tox() {
    if [ ! -x "$TOX_VENV/bin/tox" ]; then
        log "pip install tox (into $TOX_VENV)"
        "$PYTHON" -m venv "$TOX_VENV"
        "$TOX_VENV/bin/pip" install -q 'tox>=4'
    fi
}

# Sum the stestr "Totals" blocks of a tox log into one line, after the
# names of the tests that failed.
summarise() {
    awk '
        /^[a-z0-9_-]+: commands\[[0-9]+\]> stestr/ { env = $1; sub(":", "", env); seen[env] = 0 }
        /^ - Passed: /              { passed += $3; if (env != "") seen[env] = 1 }
        /^ - Skipped: /             { skipped += $3 }
        /^ - Failed: /              { failed += $3 }
        /^ - Unexpected Success: /  { failed += $4 }
        / \.\.\. FAILED$/           { sub(/ \[.*/, ""); sub(/^\{[0-9]+\} /, ""); names[++n] = $0 }
        # Tempest (tools/tempest/run.py) counts its must-pass tests only.
        /^must-pass: [0-9]+ of [0-9]+ passed$/ { passed += $2; failed += $4 - $2 }
        /^tempest\/run.py: MUST-PASS test / { names[++n] = $0 }
        END {
            # The failed tests last, where a reader of the tail sees them.
            for (i = 1; i <= n; i++) print "FAILED " names[i]
            # A test run that printed no totals (say, an import error at
            # discovery) counts as one failure.
            for (e in seen) if (!seen[e]) { failed += 1; print "no test results from " e }
            printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
        }' "$1"
}

main() {
    local started=$SECONDS
    install_packages
    setup_libvirt
    install_tox
    local output
    output=$(mktemp /tmp/minova-tests.XXXXXX.log)
    log "tox -e $ENVS (log: $output)"
    local status=0
    "$TOX_VENV/bin/tox" -e "$ENVS" 2>&1 | tee "$output" || status=$?
    echo
    log "done in $((SECONDS - started)) s; tox exit status $status"
    summarise "$output"
    return "$status"
}

main
