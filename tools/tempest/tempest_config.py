"""The configuration files of a Tempest run against minova
(:mod:`run`): ``tempest.conf`` and ``.stestr.conf``."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def max_microversion():
    """minova's newest compute microversion, read from minova."""
    sys.path.insert(0, ROOT)
    from minova.api import microversion
    return microversion.VERSIONS[-1][0]


# -- tempest.conf ---------------------------------------------------------------


def tempest_conf(workdir, clouds, refs, glance, cinder, neutron, hosts,
                 filters):
    """The text of tempest.conf: Keystone's admin from ``clouds``
    (clouds.yaml), the image and flavor ``refs``, the services on, the
    number of compute ``hosts`` and the scheduler ``filters`` enabled."""
    admin = clouds['admin']['auth']
    image, image_alt, flavor, flavor_alt = refs
    flag = {True: 'True', False: 'False'}
    return """\
[DEFAULT]
log_dir = {workdir}/logs
log_file = tempest.log
debug = True

[auth]
use_dynamic_credentials = True
create_isolated_networks = False
admin_username = {user}
admin_password = {password}
admin_project_name = {project}
admin_domain_name = Default
default_credentials_domain_name = Default

[identity]
uri_v3 = {auth_url}
auth_version = v3
region = RegionOne
disable_ssl_certificate_validation = True

[identity-feature-enabled]
api_v2 = False
api_v3 = True

[service_available]
nova = True
glance = {glance}
cinder = {cinder}
# With neutron = False Tempest skips every server test whose class wants a
# network (create_default_network, most of them: nova-network is gone).
# minova has no Neutron API, but every server gets an address from its flat
# network: with neutron on and create_isolated_networks off, Tempest creates
# no network and boots without one, and only the tests that call Neutron's
# API (or nova's proxies of it) fail.
neutron = {neutron}
swift = False
horizon = False
placement = False

[compute]
image_ref = {image}
image_ref_alt = {image_alt}
flavor_ref = {flavor}
flavor_ref_alt = {flavor_alt}
min_microversion = 2.1
max_microversion = {max_mv}
build_timeout = 60
build_interval = 1
ready_wait = 0
min_compute_nodes = {hosts}
fixed_network_name =
shelved_offload_time = 0

[compute-feature-enabled]
# What minova does (minova/api/openstack/compute/server_actions.py).
resize = True
cold_migration = True
live_migration = False
block_migration_for_live_migration = False
volume_backed_live_migration = False
shelve = True
shelve_migrate = False
pause = True
suspend = True
rescue = False
stable_rescue = False
console_output = False
change_password = False
snapshot = True
interface_attach = False
vnc_console = False
spice_console = False
serial_console = False
metadata_service = False
config_drive = False
personality = False
attach_encrypted_volume = False
swap_volume = False
disk_config = False
volume_multiattach = True
hostname_fqdn_sanitization = False
scheduler_enabled_filters = {filters}

[volume]
catalog_type = block-storage
build_timeout = 60
build_interval = 1
volume_size = 1
region = RegionOne

[volume-feature-enabled]
backup = False
snapshot = True
extend_attached_volume = False
multi_backend = False

[validation]
run_validation = False

[image-feature-enabled]
api_v1 = False
api_v2 = {glance}

[oslo_concurrency]
lock_path = {workdir}/locks
""".format(workdir=workdir, user=admin['username'],
           password=admin['password'], project=admin['project_name'],
           auth_url=admin['auth_url'], glance=flag[glance],
           cinder=flag[cinder], neutron=flag[neutron], image=image,
           image_alt=image_alt, flavor=flavor, flavor_alt=flavor_alt,
           max_mv=max_microversion(), hosts=hosts,
           filters=','.join(filters))


def stestr_conf():
    """The .stestr.conf of a pass: Tempest's own test discovery."""
    import tempest
    package = os.path.dirname(os.path.abspath(tempest.__file__))
    return ('[DEFAULT]\ntest_path=%s\ntop_dir=%s\n'
            'group_regex=([^\\.]*\\.)*\n'
            % (os.path.join(package, 'test_discover'),
               os.path.dirname(package)))
