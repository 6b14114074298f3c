"""TOKEN authorizer returning an API-wide policy for the token 'allow'."""


def handler(event, context):
    if event["authorizationToken"] != "allow":
        raise Exception("Unauthorized")
    api_arn = event["methodArn"].split("/")[0]
    return {
        "principalId": "py-user",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": [api_arn + "/*/*"]}],
        },
        "context": {"lang": "python"},
    }
