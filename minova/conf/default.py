"""``[DEFAULT]`` options: identity of this host and service liveness."""

import socket

from oslo_config import cfg

opts = [
    cfg.HostAddressOpt(
        'host', default=socket.gethostname(),
        sample_default='<current_hostname>',
        help='Name of this node. A compute service registers itself under '
             'this name and receives builds on the topic compute.<host>; it '
             'must be unique among the computes of a cloud.'),
    cfg.StrOpt(
        'state_path', default='/var/lib/minova',
        help='Directory where minova keeps its state: the embedded SQLite '
             'database, local images and volumes.'),
    cfg.StrOpt(
        'compute_driver', default='fake.FakeDriver',
        help='The virt driver a compute service drives its hypervisor with: '
             'an entry point name in the minova.virt.drivers namespace, such '
             'as libvirt.LibvirtDriver or fake.FakeDriver.'),
    cfg.IntOpt(
        'report_interval', default=10, min=1,
        help='Seconds between two heartbeats of a service.'),
    cfg.IntOpt(
        'service_down_time', default=60, min=1,
        help='Seconds since its last heartbeat after which a service is '
             'considered down. The scheduler never picks a down compute. '
             'Must be larger than report_interval.'),
    cfg.IntOpt(
        'periodic_interval', default=60, min=1,
        help='Seconds between two runs of a service\'s periodic tasks (for '
             'a compute, reporting its resources).'),
    cfg.IntOpt(
        'graceful_shutdown_timeout', default=60, min=0,
        help='Seconds a process takes at most to stop after SIGTERM or '
             'SIGINT: it stops taking work and waits for the requests it '
             'is handling; whatever still runs then is cut short and the '
             'process exits (status 1). A second signal exits at once. 0: '
             'wait for ever.'),
    cfg.IntOpt(
        'shutdown_timeout', default=60, min=0,
        help='Seconds a clean stop (os-stop, shelve) waits for the guest OS '
             'to shut down before it pulls the plug; the image property '
             'os_shutdown_timeout overrides it per image. 0: pull the plug '
             'at once.'),
    cfg.IntOpt(
        'shelved_offload_time', default=0, min=-1,
        help='Seconds a shelved server keeps its guest and its host\'s '
             'resources before the compute offloads it: 0 offloads at '
             'once, -1 never (until shelveOffload); otherwise the periodic '
             'task of shelved_poll_interval offloads it.'),
    cfg.IntOpt(
        'shelved_poll_interval', default=3600, min=-1,
        help='Seconds between two runs of the compute\'s task that '
             'offloads servers shelved longer than shelved_offload_time '
             '(0 or -1: never).'),
    cfg.BoolOpt(
        'allow_resize_to_same_host', default=False,
        help='Whether a resize may choose the host the server is on (Nova\'s '
             'option; a cold migration always goes to another host).'),
    cfg.IntOpt(
        'resize_confirm_window', default=0, min=0,
        help='Seconds after which a resize or cold migration waiting in '
             'VERIFY_RESIZE is confirmed by itself (0: never; the '
             'conductor looks every periodic_interval).'),
    cfg.IntOpt(
        'block_device_allocate_retries', default=60, min=0,
        help='Times a compute looks again at a volume it created for a '
             'boot from volume (from an image, a snapshot or blank) '
             'before it gives up waiting for it to become available.'),
    cfg.IntOpt(
        'block_device_allocate_retries_interval', default=3, min=0,
        help='Seconds between two of those looks.'),
    cfg.IntOpt(
        'sync_power_state_interval', default=600, min=-1,
        help='Seconds between two comparisons of every instance\'s power '
             'state with the hypervisor\'s (0 or -1: never). A guest '
             'stopped outside minova ends in vm_state stopped.'),
    cfg.StrOpt(
        'instance_name_template', default='instance-%08x',
        help='Template for the hypervisor name of an instance, formatted '
             'with its database id.'),
    cfg.StrOpt(
        'multi_instance_display_name_template',
        default='%(name)s-%(count)d',
        help='The display name of each server of a request that creates '
             'more than one (min_count/max_count), from the name asked '
             '(%(name)s), the server\'s number from 1 (%(count)d) and its '
             'uuid (%(uuid)s), as in Nova. Its hostname is made from it.'),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return {'DEFAULT': opts}
