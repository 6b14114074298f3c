"""Handlers exercising each way a Python function can finish."""

import decimal
import os
import time


class AuthError(Exception):
    pass


_calls = 0
not_callable = 42


def ok(event, context):
    return {"got": event}


def nothing(event, context):
    return None


def raise_value(event, context):
    raise ValueError("bad value")


def raise_custom(event, context):
    raise AuthError("token expired")


def unauthorized(event, context):
    raise Exception("Unauthorized")


def not_serialisable(event, context):
    return {"set": {1, 2}}


def not_a_number(event, context):
    return {"nan": float("nan")}


def decimals(event, context):
    return {"half": decimal.Decimal("1.5"), "two": decimal.Decimal("2")}


def decimal_text(event, context):
    return [decimal.Decimal("1.0"), decimal.Decimal("1E+2"), "\u0000 not a marker", decimal.Decimal("-0.000")]


def decimal_nan(event, context):
    return {"n": decimal.Decimal("NaN")}


def raw_bytes(event, context):
    return b"raw"


def count(event, context):
    global _calls
    _calls += 1
    return _calls


def printing(event, context):
    print("apigw-marker-stdout")
    return "printed"


def seed(event, context):
    token = event.get("authorizationToken")
    if token == "allow":
        return {"principalId": "user", "policyDocument": {"Version": "2012-10-17", "Statement": []}}
    if token == "unauthorized":
        raise Exception("Unauthorized")
    raise Exception("Error: Invalid token")


def context_fields(event, context):
    cc = context.client_context
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "trace_id": os.environ.get("_X_AMZN_TRACE_ID"),
        "client_custom": cc.custom if cc else None,
        "cognito_identity_id": context.identity.cognito_identity_id,
    }


def remaining(event, context):
    first = context.get_remaining_time_in_millis()
    time.sleep(0.025)
    return {"first": first, "second": context.get_remaining_time_in_millis()}
