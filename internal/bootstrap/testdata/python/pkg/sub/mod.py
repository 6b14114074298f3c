"""A handler addressed by a dotted module path: pkg.sub.mod.handler."""


def handler(event, context):
    return {"module": __name__}
