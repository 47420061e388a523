"""task_state: the operation in flight on an instance (None: none).

The values are Nova's. Every state change is a conditional update that
names the task_state it expects (``Instance.save(expected_task_state=...)``),
so two actions that race on one instance cannot both win: the loser gets a
409 and changes nothing.
"""

# Building, in the order a boot goes through them.
SCHEDULING = 'scheduling'
BLOCK_DEVICE_MAPPING = 'block_device_mapping'
NETWORKING = 'networking'
SPAWNING = 'spawning'

# Deleting.
DELETING = 'deleting'

# Power actions.
POWERING_OFF = 'powering-off'
POWERING_ON = 'powering-on'
REBOOTING = 'rebooting'
REBOOTING_HARD = 'rebooting_hard'
PAUSING = 'pausing'
UNPAUSING = 'unpausing'
SUSPENDING = 'suspending'
RESUMING = 'resuming'

# Snapshots (createImage), as Nova names their steps.
IMAGE_SNAPSHOT = 'image_snapshot'
IMAGE_PENDING_UPLOAD = 'image_pending_upload'
IMAGE_UPLOADING = 'image_uploading'

# Shelving.
SHELVING = 'shelving'
SHELVING_IMAGE_UPLOADING = 'shelving_image_uploading'
SHELVING_OFFLOADING = 'shelving_offloading'
UNSHELVING = 'unshelving'

# Rebuilding (and evacuating: a rebuild on another host), Nova's steps.
REBUILDING = 'rebuilding'
REBUILD_BLOCK_DEVICE_MAPPING = 'rebuild_block_device_mapping'
REBUILD_SPAWNING = 'rebuild_spawning'

#: Task states of a rebuild, in order.
REBUILD_STATES = (REBUILDING, REBUILD_BLOCK_DEVICE_MAPPING, REBUILD_SPAWNING)
# Resize and cold migrate (Nova's names, in the order a resize goes).
RESIZE_PREP = 'resize_prep'
RESIZE_MIGRATING = 'resize_migrating'
RESIZE_MIGRATED = 'resize_migrated'
RESIZE_FINISH = 'resize_finish'
RESIZE_REVERTING = 'resize_reverting'
RESIZE_CONFIRMING = 'resize_confirming'

#: Task states of a move between hosts, before VERIFY_RESIZE.
RESIZE_STATES = (RESIZE_PREP, RESIZE_MIGRATING, RESIZE_MIGRATED,
                 RESIZE_FINISH)

#: Task states of a build, before the instance first becomes ACTIVE.
BUILD_STATES = (SCHEDULING, BLOCK_DEVICE_MAPPING, NETWORKING, SPAWNING)

#: Task states of the life-cycle actions, which end in a stable state.
ACTION_STATES = (POWERING_OFF, POWERING_ON, REBOOTING, REBOOTING_HARD,
                 PAUSING, UNPAUSING, SUSPENDING, RESUMING, IMAGE_SNAPSHOT,
                 IMAGE_PENDING_UPLOAD, IMAGE_UPLOADING, SHELVING,
                 SHELVING_IMAGE_UPLOADING, SHELVING_OFFLOADING,
                 UNSHELVING) + REBUILD_STATES
