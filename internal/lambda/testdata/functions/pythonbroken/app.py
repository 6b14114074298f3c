"""A handler file with a syntax error."""


def handler(event, context)
    return {}
