"""The middleware of the compute API pipeline, outermost first: request id,
microversion (:mod:`minova.api.microversion`), fault wrapper, auth (noauth2
or keystone) and the context built from it.
"""
