"""Helpers the compute api, the conductor and computes share: instance
notifications, and the volumes of a deleted server."""

from oslo_log import log as logging

from minova import rpc

LOG = logging.getLogger(__name__)


def get_notifier(conf, service, host):
    """The notifier of ``service`` on ``host`` (publisher ``service.host``)."""
    return rpc.get_notifier(conf, '%s.%s' % (service, host))


def instance_payload(instance, **extra):
    """What an ``instance.*`` notification says of the instance: small, and
    only what every service has at hand."""
    flavor = instance.flavor if instance.obj_attr_is_set('flavor') else None
    payload = {
        'instance_id': instance.uuid,
        'display_name': instance.get('display_name', None),
        'tenant_id': instance.get('project_id', None),
        'user_id': instance.get('user_id', None),
        'state': instance.get('vm_state', None),
        'task_state': instance.get('task_state', None),
        'host': instance.get('host', None),
        'node': instance.get('node', None),
        'flavor_name': flavor.name if flavor is not None else None,
        'image_ref': instance.get('image_ref', None),
    }
    payload.update(extra)
    return payload


def notify_about_instance(notifier, context, event_type, instance,
                          error=False, **extra):
    """Emit ``event_type`` (``instance.create.start``...) for ``instance``;
    free when notifications are off (``[oslo_messaging_notifications]
    driver`` unset)."""
    if not notifier.is_enabled():
        return
    payload = instance_payload(instance, **extra)
    if error:
        notifier.error(context, event_type, payload)
    else:
        notifier.info(context, event_type, payload)


def cleanup_volumes(context, volume_api, instance, bdms):
    """The volumes of deleted server ``instance`` (on its compute, or in
    the api for a server no compute holds): each attachment goes, so that
    the volume is available again, then each volume marked
    ``delete_on_termination`` is deleted. Failures are logged."""
    for bdm in bdms:
        if not bdm.is_volume:
            continue
        try:
            if bdm.attachment_id:
                volume_api.attachment_delete(context, bdm.attachment_id)
            if bdm.delete_on_termination and bdm.volume_id:
                volume_api.delete(context, bdm.volume_id)
                LOG.info('Deleted volume %s (delete_on_termination)',
                         bdm.volume_id, instance=instance)
        except Exception:
            LOG.exception('Could not clean up volume %s', bdm.volume_id,
                          instance=instance)
