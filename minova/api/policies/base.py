"""The check strings every rule is built from: Nova's roles (admin, member,
reader) and the caller's project or user as the target's owner."""

from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
# A member or reader of the project the target belongs to.
PROJECT_MEMBER = 'role:member and project_id:%(project_id)s'
PROJECT_READER = 'role:reader and project_id:%(project_id)s'
PROJECT_MEMBER_OR_ADMIN = 'rule:context_is_admin or (%s)' % PROJECT_MEMBER
PROJECT_READER_OR_ADMIN = 'rule:context_is_admin or (%s)' % PROJECT_READER
# The owner of a per-user resource (a keypair).
ADMIN_OR_OWNER = 'rule:context_is_admin or user_id:%(user_id)s'
ANY = '@'

RULES = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       'Decides what an admin is.'),
    policy.RuleDefault('admin_api', 'role:admin',
                       'Default rule for admin-only APIs.'),
    policy.RuleDefault('project_member_or_admin', PROJECT_MEMBER_OR_ADMIN,
                       'Default rule for writes of project resources.'),
    policy.RuleDefault('project_reader_or_admin', PROJECT_READER_OR_ADMIN,
                       'Default rule for reads of project resources.'),
]
