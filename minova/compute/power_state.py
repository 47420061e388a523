"""Power states: what the hypervisor says a guest is doing.

The values are Nova's, so a reader who knows Nova reads minova's database and
API answers (``OS-EXT-STS:power_state``) the same way. Virt drivers map their
hypervisor's states onto these; the compute manager compares them with the
instance's ``vm_state``.
"""

NOSTATE = 0x00
RUNNING = 0x01
PAUSED = 0x03
# The guest is off, whether it was shut down cleanly or destroyed.
SHUTDOWN = 0x04
CRASHED = 0x06
SUSPENDED = 0x07

STATE_MAP = {
    NOSTATE: 'pending',
    RUNNING: 'running',
    PAUSED: 'paused',
    SHUTDOWN: 'shutdown',
    CRASHED: 'crashed',
    SUSPENDED: 'suspended',
}
