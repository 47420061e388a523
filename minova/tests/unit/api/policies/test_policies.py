"""The policy rules: every route has one, every rule has Nova's default
and is checked both ways for each kind of caller, a policy file overrides
a default, and oslo.policy's tools read them."""

import os
import subprocess
import sys

import fixtures
import testtools

from minova.api.openstack import compute
from minova.api import policies
from minova.api.policies import base
from minova.api.policies import compute as compute_rules
from minova.api.policies import image as image_rules
from minova.api.openstack import volume as volume_api
from minova.api.policies import routes
from minova.api.policies import volume as volume_rules
from minova.api import wsgi
from minova import context
from minova import exception
from minova import policy
from minova.tests import fixtures as minova_fixtures

TARGET = {'project_id': 'p1', 'user_id': 'u1'}
CALLERS = {
    'admin': context.RequestContext(user_id='a', project_id='p9',
                                    roles=['admin', 'member', 'reader']),
    'member': context.RequestContext(user_id='m', project_id='p1',
                                     roles=['member', 'reader']),
    'reader': context.RequestContext(user_id='r', project_id='p1',
                                     roles=['reader']),
    'other_member': context.RequestContext(user_id='o', project_id='p2',
                                           roles=['member', 'reader']),
    'owner': context.RequestContext(user_id='u1', project_id='p2',
                                    roles=['member', 'reader']),
}
# Who passes each default.
EXPECTED = {
    base.ADMIN: {'admin'},
    base.PROJECT_MEMBER_OR_ADMIN: {'admin', 'member'},
    base.PROJECT_READER_OR_ADMIN: {'admin', 'member', 'reader'},
    base.ADMIN_OR_OWNER: {'admin', 'owner'},
    base.ANY: set(CALLERS),
}


class PolicyTestBase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        policy.reset()
        self.addCleanup(policy.reset)


class TestRules(PolicyTestBase):

    def test_every_route_has_an_entry_and_every_rule_is_registered(self):
        served = {(template, method) for template, methods in
                  compute.ROUTES.items() for method in methods}
        self.assertEqual(set(), served - set(routes.ROUTE_RULES))
        self.assertEqual(set(), set(routes.ROUTE_RULES) - served)
        registered = {rule.name for rule in policies.list_rules()}
        named = {rule for entry in routes.ROUTE_RULES.values()
                 for rule in routes.rules_of(entry)} | set(
                     compute_rules.INLINE)
        self.assertEqual(set(), named - registered)
        # The server actions the controller serves each have a rule.
        from minova.api.openstack.compute import server_actions
        self.assertEqual(set(server_actions.ServerActionsController.ACTIONS),
                         set(routes.SERVER_ACTIONS))

    def test_a_route_without_a_rule_stops_the_router(self):
        rules = dict(routes.ROUTE_RULES)
        del rules[('/os-services', 'GET')]
        exc = self.assertRaises(ValueError, wsgi.APIRouter, self.conf,
                                compute.ROUTES, route_rules=rules)
        self.assertIn("('/os-services', 'GET')", str(exc))

    def test_every_volume_route_has_a_registered_rule(self):
        served = {(template, method) for template, methods in
                  volume_api.ROUTES.items() for method in methods}
        self.assertEqual(served, set(volume_rules.ROUTE_RULES))
        registered = {rule.name: rule for rule in policies.list_rules()}
        for (template, method), entry in volume_rules.ROUTE_RULES.items():
            for name in routes.rules_of(entry):
                self.assertIn({'method': method,
                               'path': '/volume/v3' + template},
                              registered[name].operations)

    def test_every_rule_both_ways(self):
        for name, (check_str, _desc) in dict(
                compute_rules.DEFAULTS, **volume_rules.DEFAULTS,
                **image_rules.DEFAULTS).items():
            allowed = {who for who, ctx in CALLERS.items()
                       if policy.authorize(self.conf, ctx, name, TARGET,
                                           fatal=False)}
            self.assertEqual(EXPECTED[check_str], allowed, name)

    def test_a_refusal_is_403_naming_the_rule(self):
        exc = self.assertRaises(
            exception.Forbidden, policy.authorize, self.conf,
            CALLERS['member'], 'os_compute_api:os-hypervisors:list')
        self.assertEqual(403, exc.code)
        self.assertEqual("Policy doesn't allow os_compute_api:"
                         "os-hypervisors:list to be performed.", str(exc))
        self.assertRaises(exception.PolicyNotRegistered, policy.authorize,
                          self.conf, CALLERS['admin'], 'os_compute_api:nope')


class TestPolicyFile(PolicyTestBase):

    def test_a_policy_file_overrides_a_default(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'policy.yaml')
        with open(path, 'w') as f:
            f.write('"os_compute_api:os-hypervisors:list": "role:reader"\n'
                    '"os_compute_api:servers:create": "!"\n')
        self.conf.set_override('policy_file', path, group='oslo_policy')
        self.assertTrue(policy.authorize(
            self.conf, CALLERS['reader'], 'os_compute_api:os-hypervisors:list',
            fatal=False))
        self.assertFalse(policy.authorize(
            self.conf, CALLERS['admin'], 'os_compute_api:servers:create',
            fatal=False))

    def test_an_edited_policy_file_takes_effect_at_the_next_look(self):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'policy.yaml')
        with open(path, 'w') as f:
            f.write('"os_compute_api:servers:create": "role:member"\n')
        self.conf.set_override('policy_file', path, group='oslo_policy')
        rule = 'os_compute_api:servers:create'
        self.assertTrue(policy.authorize(self.conf, CALLERS['member'], rule,
                                         fatal=False))
        with open(path, 'w') as f:
            f.write('"os_compute_api:servers:create": "!"\n')
        later = os.path.getmtime(path) + 10  # newer, whatever the clock
        os.utime(path, (later, later))
        # Remembered until the Enforcer looks at the file again...
        self.assertTrue(policy.authorize(self.conf, CALLERS['member'], rule,
                                         fatal=False))
        policy.get_enforcer(self.conf)._next_load = 0.0
        # ... then forgotten.
        self.assertFalse(policy.authorize(self.conf, CALLERS['member'],
                                          rule, fatal=False))


class TestDecisions(PolicyTestBase):

    def test_a_remembered_decision_is_per_caller_and_target(self):
        rule = 'os_compute_api:servers:show'
        for _ in range(2):  # the second round answers from memory
            self.assertEqual(
                [True, False, True, False],
                [policy.authorize(self.conf, CALLERS[caller], rule, target,
                                  fatal=False)
                 for caller, target in (
                     ('member', TARGET), ('other_member', TARGET),
                     ('other_member', {'project_id': 'p2'}),
                     ('reader', {'project_id': 'p2'}))])
        self.assertEqual(4, len(policy.get_enforcer(self.conf)._decisions))


class TestTools(testtools.TestCase):

    def test_sample_generator_lists_the_rules(self):
        tool = os.path.join(os.path.dirname(sys.executable),
                            'oslopolicy-sample-generator')
        if not os.path.exists(tool):
            self.skipTest('oslopolicy-sample-generator is not installed')
        out = subprocess.run([tool, '--namespace', 'minova'],
                             capture_output=True, text=True, check=True,
                             timeout=60).stdout
        self.assertIn('"os_compute_api:servers:create"', out)
        self.assertIn('POST  /v2.1/servers', out)
