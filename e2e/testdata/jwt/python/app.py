import json


def echo(event, context):
    """Echoes the event, so the test can read what the authorizer passed on."""
    return {"statusCode": 200, "headers": {"x-runtime": "python"}, "body": json.dumps(event)}
