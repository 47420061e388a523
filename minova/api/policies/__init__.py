"""Who may call what: oslo.policy rules in code, with Nova's names and
defaults (:mod:`.compute`), which route checks which (:mod:`.routes`),
the Block Storage API's, with Cinder's names (:mod:`.volume`), the
Image API's, with Glance's (:mod:`.image`), and
the ``oslo.policy.policies`` entry point ``minova`` that
``oslopolicy-sample-generator --namespace minova`` reads.
"""

import collections

from oslo_policy import policy

from minova.api.policies import base
from minova.api.policies import compute
from minova.api.policies import image
from minova.api.policies import routes
from minova.api.policies import volume

PREFIX = '/v2.1'


def _operations():
    """rule name -> [{'method', 'path'}] of the routes that check it."""
    found = collections.defaultdict(list)
    for (template, method), entry in routes.ROUTE_RULES.items():
        for rule in routes.rules_of(entry):
            found[rule].append({'method': method,
                                'path': PREFIX + template})
    for rule, operations in compute.INLINE.items():
        found[rule] += [{'method': method, 'path': PREFIX + path}
                        for method, path in operations]
    for module in (volume, image):
        for (template, method), entry in module.ROUTE_RULES.items():
            for rule in routes.rules_of(entry):
                found[rule].append({'method': method,
                                    'path': module.PREFIX + template})
    for rule, operations in image.INLINE.items():
        found[rule] += [{'method': method, 'path': image.PREFIX + path}
                        for method, path in operations]
    return found


def list_rules():
    """Every rule minova registers, for oslo.policy and its tools."""
    operations = _operations()
    return base.RULES + [
        policy.DocumentedRuleDefault(
            name=name, check_str=check_str, description=description,
            operations=operations[name], scope_types=['project'])
        for name, (check_str, description) in sorted(
            dict(compute.DEFAULTS, **volume.DEFAULTS,
                 **image.DEFAULTS).items())]
