"""The ``/limits`` document: each quota under the names Nova gives it
(``maxTotalInstances``...), the usage of those Nova counts
(``total*Used``), and an empty ``rate`` list (rate limits left Nova long
ago)."""

# quota resource -> its absolute limits' names.
LIMIT_NAMES = {
    'ram': ('maxTotalRAMSize',),
    'instances': ('maxTotalInstances',),
    'cores': ('maxTotalCores',),
    'key_pairs': ('maxTotalKeypairs',),
    'floating_ips': ('maxTotalFloatingIps',),
    'metadata_items': ('maxServerMeta', 'maxImageMeta'),
    'injected_files': ('maxPersonality',),
    'injected_file_content_bytes': ('maxPersonalitySize',),
    'security_groups': ('maxSecurityGroups',),
    'security_group_rules': ('maxSecurityGroupRules',),
    'server_groups': ('maxServerGroups',),
    'server_group_members': ('maxServerGroupMembers',),
}

# usage name -> the quota resource it counts.
USED_NAMES = {
    'totalRAMUsed': 'ram',
    'totalCoresUsed': 'cores',
    'totalInstancesUsed': 'instances',
    'totalFloatingIpsUsed': 'floating_ips',
    'totalSecurityGroupsUsed': 'security_groups',
    'totalServerGroupsUsed': 'server_groups',
}


def build(quotas, hidden=(), max_image_meta=True):
    """``quotas``: ``{resource: {'limit', 'in_use'}}``; ``hidden``: the
    resources this microversion no longer shows."""
    absolute = {}
    for resource, names in LIMIT_NAMES.items():
        if resource in hidden or resource not in quotas:
            continue
        for name in names:
            if max_image_meta or name != 'maxImageMeta':
                absolute[name] = quotas[resource]['limit']
    for name, resource in USED_NAMES.items():
        if resource not in hidden and resource in quotas:
            absolute[name] = quotas[resource]['in_use']
    return {'limits': {'rate': [], 'absolute': absolute}}
