"""vm_state: the stable state of an instance, what a user sees as status.

The values are Nova's. An instance rests in one of these; the operation in
flight, if any, is its ``task_state`` (:mod:`minova.compute.task_states`).
"""

BUILDING = 'building'
ACTIVE = 'active'
STOPPED = 'stopped'
PAUSED = 'paused'
SUSPENDED = 'suspended'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'
# A resize or cold migration waits for its confirm (VERIFY_RESIZE).
RESIZED = 'resized'
ERROR = 'error'
DELETED = 'deleted'
