"""Test handlers for the Python runtime."""
import os


def info(event, context):
    return {
        "pid": os.getpid(),
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "remainingMs": context.get_remaining_time_in_millis(),
        "event": event,
    }


def raiser(event, context):
    raise ValueError("bad input")
