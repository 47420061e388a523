"""Client side of the compute's RPC API: each message goes to one host."""

from minova import rpcapi


class ComputeAPI(rpcapi.RPCAPI):
    """API version history:

    * 1.0 - build_and_run_instance, terminate_instance
    """

    TOPIC = 'compute'
    VERSION = '1.0'
    UPGRADE_LEVEL = 'compute'

    def build_and_run_instance(self, ctxt, instance, host, image,
                               request_spec, filter_properties=None,
                               admin_password=None, injected_files=None,
                               requested_networks=None, security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        """Cast to compute@host: build ``instance`` there.

        ``host_list`` is the alternates left (Selections) should the build
        fail there.
        """
        cctxt = self._prepare('1.0', server=host)
        cctxt.cast(ctxt, 'build_and_run_instance', instance=instance,
                   image=image, request_spec=request_spec,
                   filter_properties=filter_properties,
                   admin_password=admin_password,
                   injected_files=injected_files,
                   requested_networks=requested_networks,
                   security_groups=security_groups,
                   block_device_mapping=block_device_mapping, node=node,
                   limits=limits, host_list=host_list)

    def terminate_instance(self, ctxt, instance, bdms):
        """Cast to the instance's host: destroy it and free what it held."""
        cctxt = self._prepare('1.0', server=instance.host)
        cctxt.cast(ctxt, 'terminate_instance', instance=instance, bdms=bdms)
