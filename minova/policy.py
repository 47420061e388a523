"""oslo.policy's Enforcer for minova: the rules of
:mod:`minova.api.policies`, overridden by ``[oslo_policy] policy_file``
(Nova's ``policy.yaml``) where it says so.

One Enforcer per configuration, built on first use. A check is asked on
every request, so :class:`Enforcer` remembers its decisions: ~6 us a
check instead of oslo.policy's ~120 us (it searches the config
directories for the policy file, ~40 us, and inspects each check's
signature as it evaluates a rule).
"""

import threading
import time

from oslo_policy import policy

from minova.api import policies
from minova import exception

_LOCK = threading.Lock()
_ENFORCERS = {}
# How often, at most, a check looks whether the policy file changed.
RELOAD_INTERVAL = 1.0
# Decisions remembered between two looks at the policy file, at most.
MAX_DECISIONS = 10000


class Enforcer(policy.Enforcer):
    """oslo.policy's Enforcer, cheap enough to ask on every request.

    It looks at the policy file at most once a second (an edit takes
    effect within a second) and, in between, remembers its answers by
    rule, caller (every policy value of the context: roles, project,
    user, scopes) and target. Looking at the file forgets them.
    """

    _next_load = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._decisions = {}

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if force_reload or now >= self._next_load or not self.rules:
            self._next_load = now + RELOAD_INTERVAL
            super().load_rules(force_reload)
            self._decisions = {}

    def decide(self, action, target, context):
        """Whether ``context`` may do ``action`` on ``target``: a bool, or
        PolicyNotRegistered."""
        self.load_rules()
        try:
            key = (action, _policy_key(context), _frozen(target))
            return self._decisions[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: just ask
            key = None
        allowed = bool(self.authorize(action, target, context))
        if key is not None and len(self._decisions) < MAX_DECISIONS:
            self._decisions[key] = allowed
        return allowed


def _frozen(values):
    """A dict as a key (lists become tuples)."""
    return tuple(sorted(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in values.items()))


def _policy_key(context):
    """What a decision about ``context`` depends on: its policy values
    and is_admin."""
    return (context.is_admin,) + _frozen(context.to_policy_values())


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
            enforcer = Enforcer(conf)
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
        allowed = get_enforcer(conf).decide(action, target, context)
    except policy.PolicyNotRegistered:
        raise exception.PolicyNotRegistered(action=action)
    if not allowed and fatal:
        raise exception.Forbidden(
            message="Policy doesn't allow %s to be performed." % action)
    return allowed
