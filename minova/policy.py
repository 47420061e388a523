"""oslo.policy's Enforcer for minova: the rules of
:mod:`minova.api.policies`, overridden by ``[oslo_policy] policy_file``
(Nova's ``policy.yaml``) where it says so.

One Enforcer per configuration, built on first use; a check costs a few
microseconds (the rules are parsed once, the policy file re-read only
when it changes).
"""

import threading

from oslo_policy import policy

from minova.api import policies
from minova import exception

_LOCK = threading.Lock()
_ENFORCERS = {}


def get_enforcer(conf=None):
    """The Enforcer of ``conf`` (the ``oslo.policy.enforcer`` entry point
    calls it without one: a fresh config, for oslopolicy-policy-generator).
    """
    if conf is None:
        from minova import config
        conf = config.new_conf()
        conf([], project='minova')
    with _LOCK:
        enforcer = _ENFORCERS.get(id(conf))
        if enforcer is None or enforcer.conf is not conf:
            enforcer = policy.Enforcer(conf)
            enforcer.register_defaults(policies.list_rules())
            enforcer.load_rules()
            _ENFORCERS[id(conf)] = enforcer
        return enforcer


def reset():
    """Forget every Enforcer (tests that change the policy file)."""
    with _LOCK:
        _ENFORCERS.clear()


def authorize(conf, context, action, target=None, fatal=True):
    """Whether ``context`` may do ``action`` on ``target`` (the caller's
    own project and user by default). ``fatal``: 403, Nova's message,
    instead of False."""
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    try:
        return get_enforcer(conf).authorize(
            action, target, context, do_raise=fatal,
            exc=exception.Forbidden,
            message="Policy doesn't allow %s to be performed." % action)
    except policy.PolicyNotRegistered:
        raise exception.PolicyNotRegistered(action=action)
