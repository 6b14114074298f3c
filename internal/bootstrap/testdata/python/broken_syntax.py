"""Deliberately not valid Python."""


def handler(event, context)
    return 1
