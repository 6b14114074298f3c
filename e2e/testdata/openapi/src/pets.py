"""Lambda-proxy backend: one pet by id."""
import json


def handler(event, context):
    pet_id = event["pathParameters"]["id"]
    body = {"id": pet_id, "principal": event["requestContext"]["authorizer"]["principalId"],
            "lang": event["requestContext"]["authorizer"]["lang"]}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
