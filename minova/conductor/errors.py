"""How the conductor names what went wrong while scheduling."""

import oslo_messaging as messaging

from minova import exception


def scheduling_error(error):
    """The error to record when scheduling failed: NoValidHost as it is
    (also when it came over a real bus as a RemoteError), anything else
    named for what it was."""
    if isinstance(error, exception.NoValidHost):
        return error
    if isinstance(error, messaging.RemoteError) and \
            error.exc_type == 'NoValidHost':
        return exception.NoValidHost(reason=error.value.partition(
            'No valid host was found. ')[2] or error.value)
    if isinstance(error, messaging.MessagingTimeout):
        return exception.NoValidHost(
            reason='The scheduler did not answer in time; is '
                   'minova-scheduler running?')
    return error


def select_destination(scheduler_client, context, request_spec,
                       instance_uuid):
    """The scheduler's claimed Selection for one instance (no alternates);
    a failure raised as :func:`scheduling_error` names it."""
    try:
        host_lists = scheduler_client.select_destinations(
            context, request_spec, [instance_uuid], return_alternates=False)
    except Exception as e:
        raise scheduling_error(e)
    return host_lists[0][0]
