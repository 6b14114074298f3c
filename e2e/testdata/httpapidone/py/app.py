"""Python functions of the issue 11 end-to-end test."""
import json

CALLS = {"n": 0}


def simple_auth(event, context):
    """A simple-response authorizer (V-4): allows x-user "allow"; its
    context names the route it was called for and how many calls this
    process has answered, so a cached verdict shows as the same values."""
    CALLS["n"] += 1
    user = event.get("headers", {}).get("x-user", "")
    return {
        "isAuthorized": user == "allow",
        "context": {"user": user, "calledFor": event["routeKey"], "call": str(CALLS["n"])},
    }


def items(event, context):
    """Answers with the event: a 2.0 event from the HTTP API, a 1.0 event
    from the REST API."""
    return {"statusCode": 200, "headers": {"content-type": "application/json", "x-served-by": "python"}, "body": json.dumps(event)}
