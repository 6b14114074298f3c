"""apigw Python bootstrap.

Runs one Lambda function in this process against the Lambda Runtime API
(version 2018-06-01) found at $AWS_LAMBDA_RUNTIME_API. It imports the module
named by $_HANDLER from $LAMBDA_TASK_ROOT once, then loops: take the next
invocation, call handler(event, context), post its result or its error. An
import failure is posted to /runtime/init/error and ends the process with a
non-zero code.

Only the standard library is used; output is unbuffered, as with python -u.
"""

import decimal
import http.client
import importlib
import io
import json
import logging
import os
import re
import socket
import sys
import sysconfig
import time
import traceback
import urllib.parse

API_VERSION = "2018-06-01"
PATH_NEXT = "/" + API_VERSION + "/runtime/invocation/next"
PATH_INIT_ERROR = "/" + API_VERSION + "/runtime/init/error"
RESPONSE = "response"
ERROR = "error"

HEADER_REQUEST_ID = "Lambda-Runtime-Aws-Request-Id"
HEADER_DEADLINE_MS = "Lambda-Runtime-Deadline-Ms"
HEADER_FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn"
HEADER_TRACE_ID = "Lambda-Runtime-Trace-Id"
HEADER_CLIENT_CONTEXT = "Lambda-Runtime-Client-Context"
HEADER_COGNITO_IDENTITY = "Lambda-Runtime-Cognito-Identity"
HEADER_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"
HEADER_CONTENT_TYPE = "Content-Type"
CONTENT_TYPE_JSON = "application/json"
CONTENT_TYPE_BYTES = "application/unknown"

ENV_RUNTIME_API = "AWS_LAMBDA_RUNTIME_API"
ENV_HANDLER = "_HANDLER"
ENV_TASK_ROOT = "LAMBDA_TASK_ROOT"
ENV_TRACE_ID = "_X_AMZN_TRACE_ID"
ENV_LAYER_PATH = "_APIGW_LAYER_PYTHONPATH"

# Error types Lambda's Python runtime reports for failures of its own.
ERROR_MARSHAL = "Runtime.MarshalError"
ERROR_UNMARSHAL = "Runtime.UnmarshalError"
ERROR_SYNTAX = "Runtime.UserCodeSyntaxError"
ERROR_HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
ERROR_IMPORT_MODULE = "Runtime.ImportModuleError"
ERROR_BUILT_IN_CONFLICT = "Runtime.BuiltInModuleConflict"
ERROR_MALFORMED_HANDLER = "Runtime.MalformedHandlerName"
ERROR_CONTEXT_UNMARSHAL = "Runtime.LambdaContextUnmarshalError"

EXIT_INIT_FAILED = 1
EXIT_TRANSPORT = 2

THIS_FILE = os.path.abspath(__file__)
IMPORTLIB_FILE = os.path.abspath(importlib.__file__)


class Fault(Exception):
    """A failure the runtime names itself (as opposed to the user's exception)."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


# ---- Runtime API client: one keep-alive connection, one request at a time.


class RuntimeClient:
    def __init__(self, address):
        self.address = address
        self.conn = None

    def next(self):
        return self.send("GET", PATH_NEXT, None, {})

    def respond(self, request_id, body, content_type):
        headers = {HEADER_CONTENT_TYPE: content_type}
        return self.send("POST", invocation_path(request_id, RESPONSE), body, headers)

    def fail(self, request_id, doc):
        path = invocation_path(request_id, ERROR)
        return self.send("POST", path, encode_doc(doc), error_headers(doc))

    def init_error(self, doc):
        return self.send("POST", PATH_INIT_ERROR, encode_doc(doc), error_headers(doc))

    def send(self, method, path, body, headers):
        """Sends one request, retrying once when a reused connection was closed."""
        reused = self.conn is not None
        try:
            return self.once(method, path, body, headers)
        except (OSError, http.client.HTTPException):
            self.close()
            if not reused:
                raise
            return self.once(method, path, body, headers)

    def once(self, method, path, body, headers):
        conn = self.connection()
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        return res.status, res.headers, res.read()

    def connection(self):
        if self.conn is None:
            conn = http.client.HTTPConnection(self.address)
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.conn = conn
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def invocation_path(request_id, what):
    quoted = urllib.parse.quote(request_id or "", safe="")
    return "/%s/runtime/invocation/%s/%s" % (API_VERSION, quoted, what)


def encode_doc(doc):
    return json.dumps(doc).encode("utf-8")


def error_headers(doc):
    safe = "".join(c if " " <= c <= "~" else "%%%02X" % ord(c) for c in doc["errorType"])
    return {HEADER_CONTENT_TYPE: CONTENT_TYPE_JSON, HEADER_ERROR_TYPE: safe}


def check_accepted(answer):
    status, _, body = answer
    if status >= 300:
        log("apigw bootstrap: runtime API answered %d: %r" % (status, body))


# ---- Error documents: {errorMessage, errorType, requestId, stackTrace}, as
# Lambda's Python runtime writes them.


def make_error(message, error_type, stack_trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": stack_trace or [],
    }


def describe_fault(fault, request_id=""):
    return make_error(fault.message, fault.error_type, fault.trace, request_id)


def describe_exception(exc, request_id=""):
    frames = user_frames(exc.__traceback__)
    stack = traceback.format_list(frames)
    return make_error(str(exc), type(exc).__name__, stack, request_id)


def user_frames(tb):
    """The traceback without the leading frames of this bootstrap and of the
    import machinery that loaded the user's module."""
    frames = traceback.extract_tb(tb)
    for i, frame in enumerate(frames):
        if not is_machinery(frame.filename):
            return frames[i:]
    return frames


def is_machinery(filename):
    path = os.path.abspath(filename)
    return path in (THIS_FILE, IMPORTLIB_FILE) or filename.startswith("<frozen importlib")


def log(line):
    sys.stderr.write(line + "\n")


# ---- Logging as Lambda's Python runtime sets it up: one handler on the
# root logger (level left at WARNING) writing "[LEVEL]\t<UTC time>\t<request
# id>\t<message>" to stdout. Because a handler exists, logging.basicConfig
# in user code does nothing, as on Lambda.

REQUEST = {"id": ""}  # the request being handled; "" during init


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = REQUEST["id"]
        return True


def install_log_handler():
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    handler.terminator = ""
    logging.getLogger().addHandler(handler)


def log_error(doc):
    lines = ["[ERROR] %s: %s" % (doc["errorType"], doc["errorMessage"])]
    if doc["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(entry.rstrip("\n") for entry in doc["stackTrace"])
    log("\n".join(lines))


# ---- The context object handed to the handler.


class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __init__(self, doc):
        doc = doc or {}
        self.cognito_identity_id = doc.get("cognitoIdentityId")
        self.cognito_identity_pool_id = doc.get("cognitoIdentityPoolId")


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __init__(self, doc):
        for name in self.__slots__:
            setattr(self, name, doc.get(name))


class ClientContext:
    __slots__ = ["custom", "env", "client"]

    def __init__(self, doc):
        self.custom = doc.get("custom")
        self.env = doc.get("env")
        client = doc.get("client")
        self.client = Client(client) if isinstance(client, dict) else None


class LambdaContext:
    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        env = os.environ
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = ClientContext(client_context) if isinstance(client_context, dict) else None
        self.identity = CognitoIdentity(identity if isinstance(identity, dict) else None)
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        left = self._deadline_ms - int(time.time() * 1000)
        return left if left > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def parse_json_header(value, name):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError as e:
        raise Fault(ERROR_CONTEXT_UNMARSHAL, "Unable to parse %s JSON: %s" % (name, e))


def make_context(headers):
    try:
        deadline_ms = int(headers.get(HEADER_DEADLINE_MS, "0"))
    except ValueError:
        deadline_ms = 0
    return LambdaContext(
        headers.get(HEADER_REQUEST_ID),
        deadline_ms,
        headers.get(HEADER_FUNCTION_ARN),
        parse_json_header(headers.get(HEADER_CLIENT_CONTEXT), "Client Context"),
        parse_json_header(headers.get(HEADER_COGNITO_IDENTITY), "Cognito Identity"),
    )


# ---- Marshalling.


class Encoder(json.JSONEncoder):
    """JSON as Lambda's Python runtime writes it: a Decimal (what boto3 gives
    for DynamoDB numbers) keeps its exact text, so Decimal("1.0") is 1.0.

    The json module cannot write raw text, so each Decimal first becomes a
    marker string no input can hold (a NUL and a per-process nonce), which
    one pass over the output replaces. NaN and infinities are refused
    (Runtime.MarshalError) rather than written as the non-JSON tokens NaN
    and Infinity.
    """

    NONCE = os.urandom(8).hex()
    MARKER = re.compile(r'"\\u0000' + NONCE + r':(\d+)\\u0000"')

    def encode(self, o):
        self.decimals = []
        text = super().encode(o)
        if not self.decimals:
            return text
        return self.MARKER.sub(lambda m: self.decimals[int(m.group(1))], text)

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if not o.is_finite():
                raise ValueError("Out of range float values are not JSON compliant: %s" % o)
            self.decimals.append(str(o))
            return "\x00%s:%d\x00" % (self.NONCE, len(self.decimals) - 1)
        return super().default(o)


ENCODER = Encoder(allow_nan=False)


def unmarshal(body):
    try:
        return json.loads(body)
    except ValueError as e:
        raise Fault(ERROR_UNMARSHAL, "Unable to unmarshal input: %s" % e)


def marshal(result):
    if isinstance(result, bytes):
        return result, CONTENT_TYPE_BYTES
    try:
        return ENCODER.encode(result).encode("utf-8"), CONTENT_TYPE_JSON
    except Exception as e:
        raise Fault(ERROR_MARSHAL, "Unable to marshal response: %s" % e)


# ---- One invocation.


def forward_trace(trace_id):
    if trace_id:
        os.environ[ENV_TRACE_ID] = trace_id
    else:
        os.environ.pop(ENV_TRACE_ID, None)


def run_handler(handler, headers, body):
    """Returns (payload, content_type) or raises."""
    context = make_context(headers)
    event = unmarshal(body)
    return marshal(handler(event, context))


def invoke(client, handler, headers, body):
    request_id = headers.get(HEADER_REQUEST_ID) or ""
    REQUEST["id"] = request_id
    forward_trace(headers.get(HEADER_TRACE_ID))
    try:
        payload, content_type = run_handler(handler, headers, body)
    except Fault as fault:
        doc = describe_fault(fault, request_id)
    except Exception as exc:
        doc = describe_exception(exc, request_id)
    else:
        check_accepted(client.respond(request_id, payload, content_type))
        return
    log_error(doc)
    check_accepted(client.fail(request_id, doc))


def serve(client, handler):
    while True:
        status, headers, body = client.next()
        if status != 200:
            raise RuntimeError("runtime API answered %d to %s: %r" % (status, PATH_NEXT, body))
        invoke(client, handler, headers, body)


# ---- Loading the handler, resolved the way Lambda's Python runtime does:
# "pkg/module.fn" or "pkg.module.fn" imports pkg.module and takes fn from it.


def load_handler(spec, root):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as e:
        raise Fault(ERROR_MALFORMED_HANDLER, "Bad handler '%s': %s" % (spec, e))
    module = import_module(module_name, root)
    handler = getattr(module, function_name, None)
    where = getattr(module, "__file__", None) or module_name
    if handler is None:
        message = "Handler '%s' missing on module '%s' (%s)" % (function_name, module_name, where)
        raise Fault(ERROR_HANDLER_NOT_FOUND, message)
    if not callable(handler):
        message = "Handler '%s' on module '%s' is not callable (%s)" % (function_name, module_name, where)
        raise Fault(ERROR_HANDLER_NOT_FOUND, message)
    return handler


def import_module(module_name, root):
    if module_name.split(".")[0] in sys.builtin_module_names:
        message = "Cannot use built-in module %s as a handler module" % module_name
        raise Fault(ERROR_BUILT_IN_CONFLICT, message)
    try:
        return importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        message = "Unable to import module '%s': %s%s" % (module_name, e, import_hint(e, module_name, root))
        raise Fault(ERROR_IMPORT_MODULE, message)
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        message = "Syntax error in module '%s': %s (%s)" % (module_name, e, e.filename)
        raise Fault(ERROR_SYNTAX, message, trace)


def import_hint(err, module_name, root):
    """Names the file an import failure is about."""
    dotted = module_name.replace("/", ".")
    missing = getattr(err, "name", None)
    if missing and (dotted == missing or dotted.startswith(missing + ".")):
        return " (no %s.py)" % os.path.join(root, *dotted.split("."))
    frames = [f for f in traceback.extract_tb(err.__traceback__) if not is_machinery(f.filename)]
    if not frames:
        return ""
    return " (imported from %s:%d)" % (frames[-1].filename, frames[-1].lineno)


# ---- Process set-up.


def unbuffered(fd):
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)


def prepare(root):
    sys.stdout = unbuffered(1)
    sys.stderr = unbuffered(2)
    sys.path[:] = lambda_path(root, sys.path)
    install_log_handler()


def lambda_path(root, current):
    """The import path Lambda gives: the code folder, the layers' folders
    (python/lib/python3.X/site-packages then python/, as Go lists them in
    ENV_LAYER_PATH), $PYTHONPATH, then the interpreter's standard library
    only. This script's folder and every site-packages of the host are
    left out (python3 -s already drops the user's), so a module installed
    only on the host does not import here. That includes the AWS SDK
    (DESIGN section 3): Lambda bundles its own boto3, a host's may differ,
    so it comes from a layer or the project."""
    layers = split_path(os.environ.pop(ENV_LAYER_PATH, ""))
    extra = split_path(os.environ.get("PYTHONPATH", ""))
    stdlib = [p for p in current if is_stdlib(p)]
    out = []
    for p in [root] + layers + extra + stdlib:
        if p not in out:
            out.append(p)
    return out


def split_path(value):
    return [os.path.abspath(p) for p in value.split(os.pathsep) if p]


def is_stdlib(path):
    """Whether path belongs to the standard library: the stdlib folders
    (with lib-dynload) and the zipped stdlib, never a site-packages."""
    if not path:
        return False
    path = os.path.abspath(path)
    if SITE_NAMES.intersection(path.split(os.sep)) or path in SITE_DIRS:
        return False
    return any(path == d or path.startswith(d + os.sep) for d in STDLIB_DIRS) or is_stdlib_zip(path)


def is_stdlib_zip(path):
    return path.endswith(".zip") and any(os.path.dirname(path) == os.path.dirname(d) for d in STDLIB_DIRS)


def site_dirs():
    try:
        import site

        dirs = list(site.getsitepackages()) + [site.getusersitepackages()]
    except AttributeError:  # a virtualenv's old site module
        dirs = []
    return {os.path.abspath(d) for d in dirs}


SITE_NAMES = {"site-packages", "dist-packages"}
STDLIB_DIRS = sorted({os.path.abspath(sysconfig.get_path(k)) for k in ("stdlib", "platstdlib")})
SITE_DIRS = site_dirs()


def init(client, spec, root):
    try:
        return load_handler(spec, root)
    except Fault as fault:
        doc = describe_fault(fault)
    except Exception as exc:
        doc = describe_exception(exc)
    log_error(doc)
    try:
        check_accepted(client.init_error(doc))
    except (OSError, http.client.HTTPException) as e:
        log("apigw bootstrap: runtime API unreachable: %s" % e)
    sys.exit(EXIT_INIT_FAILED)


def main():
    address = os.environ.get(ENV_RUNTIME_API)
    if not address:
        log("apigw bootstrap: %s is not set" % ENV_RUNTIME_API)
        sys.exit(EXIT_TRANSPORT)
    root = os.path.abspath(os.environ.get(ENV_TASK_ROOT) or os.getcwd())
    prepare(root)
    client = RuntimeClient(address)
    handler = init(client, os.environ.get(ENV_HANDLER, ""), root)
    try:
        serve(client, handler)
    except (OSError, http.client.HTTPException, RuntimeError) as e:
        log("apigw bootstrap: runtime API unreachable: %s" % e)
        sys.exit(EXIT_TRANSPORT)


if __name__ == "__main__":
    main()
