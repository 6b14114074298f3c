"""Test handlers for the Python runtime."""


def info(event, context):
    return {
        "stream": context.log_stream_name,  # unique per process, whatever its pid namespace
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "remainingMs": context.get_remaining_time_in_millis(),
        "event": event,
    }


def raiser(event, context):
    raise ValueError("bad input")
