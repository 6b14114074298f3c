// apigw Node.js bootstrap.
//
// Runs one Lambda function in this process against the Lambda Runtime API
// (version 2018-06-01) found at $AWS_LAMBDA_RUNTIME_API. It loads the module
// named by $_HANDLER from $LAMBDA_TASK_ROOT once, then loops: take the next
// invocation, call the handler, post its result or its error. A load failure
// is posted to /runtime/init/error and ends the process with a non-zero code.
//
// Only Node's standard library is used. The file is a CommonJS script; on
// Node versions that have process.getBuiltinModule it also runs when a
// package.json makes its folder an ES module scope.
'use strict';

const load = typeof require === 'function' ? require : process.getBuiltinModule;
const fs = load('fs');
const net = load('net');
const nodeModule = load('module');
const path = load('path');
const url = load('url');
const util = load('util');

const userRequire = typeof require === 'function'
  ? require
  : nodeModule.createRequire(url.pathToFileURL(process.argv[1]));

const API_VERSION = '2018-06-01';
const PATH_NEXT = `/${API_VERSION}/runtime/invocation/next`;
const PATH_INIT_ERROR = `/${API_VERSION}/runtime/init/error`;
const RESPONSE = 'response';
const ERROR = 'error';

// Invocation headers, as Node presents them (lower case).
const HEADER_REQUEST_ID = 'lambda-runtime-aws-request-id';
const HEADER_DEADLINE_MS = 'lambda-runtime-deadline-ms';
const HEADER_FUNCTION_ARN = 'lambda-runtime-invoked-function-arn';
const HEADER_TRACE_ID = 'lambda-runtime-trace-id';
const HEADER_CLIENT_CONTEXT = 'lambda-runtime-client-context';
const HEADER_COGNITO_IDENTITY = 'lambda-runtime-cognito-identity';
const HEADER_TENANT_ID = 'lambda-runtime-aws-tenant-id';
const HEADER_ERROR_TYPE = 'Lambda-Runtime-Function-Error-Type';
const HEADER_CONTENT_TYPE = 'Content-Type';
const HEADER_CONTENT_LENGTH = 'Content-Length';
const CONTENT_TYPE_JSON = 'application/json';

const ENV_RUNTIME_API = 'AWS_LAMBDA_RUNTIME_API';
const ENV_HANDLER = '_HANDLER';
const ENV_TASK_ROOT = 'LAMBDA_TASK_ROOT';
const ENV_TRACE_ID = '_X_AMZN_TRACE_ID';

// Error types Lambda's Node.js runtime reports for failures of its own.
const ERROR_IMPORT_MODULE = 'Runtime.ImportModuleError';
const ERROR_HANDLER_NOT_FOUND = 'Runtime.HandlerNotFound';
const ERROR_MALFORMED_HANDLER = 'Runtime.MalformedHandlerName';
const ERROR_SYNTAX = 'Runtime.UserCodeSyntaxError';
const ERROR_UNHANDLED_REJECTION = 'Runtime.UnhandledPromiseRejection';
const ERROR_STRINGIFY = 'Runtime.JSONStringifyError';
const ERROR_NODE_EXIT = 'Runtime.NodeJsExit';
const ERROR_HANDLED = 'handled';

// Lambda's Node.js runtime exits with these after an uncaught exception and
// an unhandled promise rejection.
const EXIT_UNCAUGHT = 129;
const EXIT_REJECTION = 128;

const MODULE_NOT_FOUND = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']);
const CONNECTION_RESET = new Set(['ECONNRESET', 'EPIPE']);

let client = null;
let current = null;
let initializing = true;
let crashing = false;

// ---- Runtime API client: one keep-alive connection, HTTP/1.1 written and
// read directly on the socket (the Runtime API's answers carry a
// Content-Length; chunked and read-to-close bodies are read too). Answers
// are read in order, so a result and the next /next go out in one write
// (pipelined) and the process is back in the pool while the result's 202
// is on its way. Between requests the socket is unref'd, so that an idle
// event loop still ends an invocation (beforeExit) while the connection
// stays open.

const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;
const readBuffer = Buffer.allocUnsafe(64 * 1024); // every socket's reads (connection)

class RuntimeClient {
  constructor(address) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    this.port = Number(address.slice(colon + 1));
    this.hostHeader = address;
    this.socket = null;
    this.used = false; // the socket has carried a request before
    this.replies = []; // the responses awaited on the socket, in order
    this.prefetched = null; // a /next sent along with the last result
  }

  next() {
    const p = this.prefetched;
    this.prefetched = null;
    return p !== null ? p : this.send('GET', PATH_NEXT, null, {});
  }

  respond(id, body) {
    return this.thenNext(this.send('POST', invocationPath(id, RESPONSE), body, {}));
  }

  fail(id, doc) {
    return this.thenNext(this.send('POST', invocationPath(id, ERROR), JSON.stringify(doc), errorTypeHeader(doc)));
  }

  initError(doc) {
    return this.send('POST', PATH_INIT_ERROR, JSON.stringify(doc), errorTypeHeader(doc));
  }

  // thenNext sends /next right behind a result; next() returns its answer.
  // Its failure is seen by whoever awaits it, not as an unhandled
  // rejection. A crashing process asks for no more work.
  thenNext(sent) {
    if (this.prefetched === null && !crashing) {
      this.prefetched = this.send('GET', PATH_NEXT, null, {});
      this.prefetched.catch(() => {});
    }
    return sent;
  }

  // send retries once when a reused keep-alive connection turns out closed.
  async send(method, where, body, headers) {
    try {
      return await this.once(method, where, body, headers);
    } catch (err) {
      if (!err.reusedSocket || !CONNECTION_RESET.has(err.code)) throw err;
      return this.once(method, where, body, headers);
    }
  }

  once(method, where, body, headers) {
    return new Promise((resolve, reject) => {
      const socket = this.connection();
      const reused = this.used;
      this.used = true;
      const reply = new Reply((err, res) => this.answered(reply, socket, reused, err, res, resolve, reject));
      this.replies.push(reply);
      if (this.replies.length === 1) {
        socket.ref();
        socket.cork(); // requests sent in this tick leave in one write
        process.nextTick(() => socket.uncork());
      }
      socket.write(requestText(method, where, this.hostHeader, body, headers));
    });
  }

  answered(reply, socket, reused, err, res, resolve, reject) {
    if (this.replies[0] === reply) this.replies.shift();
    if (err !== null) {
      err.reusedSocket = reused;
      this.drop(socket);
      reject(err);
      return;
    }
    if (res.close) this.drop(socket);
    else if (this.replies.length === 0) socket.unref();
    resolve(res);
  }

  connection() {
    if (this.socket !== null) return this.socket;
    // Events of a socket already dropped concern no reply.
    const current = () => this.socket === socket && this.replies.length > 0;
    // Reads land in one buffer for the process (onread) instead of a new
    // 64 KiB one each, which the collector has to reclaim; what is read is
    // copied out at once, as replies keep it.
    const socket = net.connect({
      host: this.host, port: this.port, noDelay: true,
      onread: { buffer: readBuffer, callback: (n, buf) => { if (current()) this.feed(Buffer.from(buf.subarray(0, n))); } },
    });
    socket.on('error', (err) => this.lost(socket, err));
    socket.on('close', () => {
      if (current()) this.replies[0].closed();
      this.lost(socket, connectionClosed());
    });
    this.socket = socket;
    this.used = false;
    return socket;
  }

  // feed gives bytes to the awaited responses in order.
  feed(chunk) {
    while (chunk !== null && chunk.length > 0 && this.replies.length > 0) {
      chunk = this.replies[0].data(chunk);
    }
  }

  // lost fails what is awaited on socket, once it failed or closed.
  lost(socket, err) {
    if (this.socket !== socket) return;
    this.socket = null;
    this.failAll(err);
    socket.destroy();
  }

  failAll(err) {
    const replies = this.replies;
    this.replies = [];
    for (const reply of replies) reply.finish(Object.assign(new Error(err.message), { code: err.code }), null);
  }

  drop(socket) {
    this.lost(socket, connectionClosed());
    socket.destroy();
  }
}

function connectionClosed() {
  const err = new Error('the runtime API closed the connection');
  err.code = 'ECONNRESET';
  return err;
}

function requestText(method, where, host, body, headers) {
  let head = `${method} ${where} HTTP/1.1\r\nHost: ${host}\r\n`;
  if (body !== null) {
    head += `${HEADER_CONTENT_TYPE}: ${CONTENT_TYPE_JSON}\r\n${HEADER_CONTENT_LENGTH}: ${Buffer.byteLength(body)}\r\n`;
  }
  for (const name of Object.keys(headers)) head += `${name}: ${headers[name]}\r\n`;
  return body === null ? head + '\r\n' : head + '\r\n' + body;
}

// Reply reads one response: its head, then a body delimited by
// Content-Length, chunked encoding or the connection's end.
class Reply {
  constructor(done) {
    this.done = done;
    this.pending = null; // bytes of the head read so far
    this.res = null; // {status, headers, body, close} once the head is read
    this.chunks = [];
    this.have = 0;
    this.length = -1; // Content-Length; -1 chunked or to the end
    this.chunked = false;
  }

  // data takes bytes of the response and returns those past its end once
  // it is complete (null while it needs more).
  data(chunk) {
    if (this.res === null) {
      this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
      const end = this.pending.indexOf(CRLF2);
      if (end < 0) {
        if (this.pending.length > MAX_HEAD) this.finish(protocolError('response head too large'), null);
        return null;
      }
      const err = this.head(this.pending.toString('latin1', 0, end));
      if (err !== null) {
        this.finish(err, null);
        return null;
      }
      chunk = this.pending.subarray(end + CRLF2.length);
      this.pending = null;
    }
    this.chunks.push(chunk);
    this.have += chunk.length;
    return this.tryEnd();
  }

  // head reads the status line and header fields of text (the head without
  // its blank line), by hand rather than split and regular expressions: it
  // runs twice per invocation.
  head(text) {
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const status = statusCode(text);
    if (status < 0) return protocolError(`bad status line ${JSON.stringify(text.slice(0, eol))}`);
    const headers = {};
    while (eol < text.length) {
      const at = eol + 2;
      eol = text.indexOf('\r\n', at);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', at);
      if (colon <= at || colon >= eol) return protocolError(`bad header line ${JSON.stringify(text.slice(at, eol))}`);
      const name = headerName(text.slice(at, colon));
      const value = text.slice(colon + 1, eol).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    this.start(status, headers);
    return null;
  }

  // start readies the body's reading once the head is read.
  start(status, headers) {
    this.res = { status, headers, body: null, close: hasToken(headers.connection, CLOSE) };
    this.chunked = hasToken(headers['transfer-encoding'], CHUNKED);
    if (!this.chunked && headers['content-length'] !== undefined) this.length = Number(headers['content-length']);
    if (!this.chunked && !(this.length >= 0)) {
      this.length = -1;
      this.res.close = true; // read to the end
    }
  }

  tryEnd() {
    if (this.length >= 0) {
      if (this.have < this.length) return null;
      const all = this.joined();
      this.end(all.subarray(0, this.length));
      return all.subarray(this.length);
    }
    if (!this.chunked) return null;
    const all = this.joined();
    const out = dechunk(all);
    if (out instanceof Error) {
      this.finish(out, null);
      return null;
    }
    if (out === null) return null;
    this.end(out.body);
    return all.subarray(out.end);
  }

  joined() {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  end(body) {
    this.res.body = body;
    this.finish(null, this.res);
  }

  closed() {
    if (this.res !== null && this.length < 0 && !this.chunked) this.end(this.joined());
  }

  finish(err, res) {
    const done = this.done;
    if (done === null) return;
    this.done = null;
    done(err, res);
  }
}

const CLOSE = /\bclose\b/i;
const CHUNKED = /\bchunked\b/i;

// statusCode returns the code of an HTTP/1.0 or 1.1 status line at the
// start of text, or -1.
function statusCode(text) {
  if (!text.startsWith('HTTP/1.') || (text[7] !== '0' && text[7] !== '1') || text[8] !== ' ') return -1;
  let code = 0;
  for (let i = 9; i < 12; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    code = code * 10 + d;
  }
  return code;
}

// headerNames maps header names as they arrive to their trimmed lower
// case; the Runtime API sends the same few on every answer. Bounded:
// names past the limit are lowered each time.
const headerNames = new Map();
const MAX_HEADER_NAMES = 64;

function headerName(raw) {
  let name = headerNames.get(raw);
  if (name === undefined) {
    name = raw.trim().toLowerCase();
    if (headerNames.size < MAX_HEADER_NAMES) headerNames.set(raw, name);
  }
  return name;
}

function hasToken(value, token) {
  return value !== undefined && token.test(value);
}

// dechunk decodes a complete chunked body into {body, end} (end: the
// offset past it), returns null while more is needed and an Error for a
// malformed one. Trailers are skipped.
function dechunk(buf) {
  const parts = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return null;
    const size = parseInt(buf.toString('latin1', at, eol), 16);
    if (Number.isNaN(size) || size < 0) return protocolError('bad chunk size');
    if (size === 0) {
      const end = buf.indexOf(CRLF2, eol);
      return end < 0 ? null : { body: Buffer.concat(parts), end: end + CRLF2.length };
    }
    if (buf.length < eol + 2 + size + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function protocolError(message) {
  const err = new Error(`runtime API: ${message}`);
  err.code = 'EPROTO';
  return err;
}

function invocationPath(id, what) {
  return `/${API_VERSION}/runtime/invocation/${encodeURIComponent(id)}/${what}`;
}

// errorTypeHeader keeps the header value to printable ASCII, which is all
// an HTTP header may carry; other characters are percent-escaped.
function errorTypeHeader(doc) {
  const type = String(doc.errorType === undefined ? '' : doc.errorType);
  const safe = type.replace(/[^\x20-\x7e]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return { [HEADER_ERROR_TYPE]: safe };
}

function checkAccepted(res) {
  if (res.status >= 300) {
    process.stderr.write(`apigw bootstrap: runtime API answered ${res.status}: ${res.body}\n`);
  }
}

// ---- Error documents: {errorType, errorMessage, trace}, as Lambda's Node.js
// runtime writes them.

function describe(err) {
  try {
    if (util.types.isNativeError(err) || looksLikeError(err)) {
      return {
        errorType: text(err.name),
        errorMessage: text(err.message),
        trace: typeof err.stack === 'string' ? err.stack.split('\n') : [],
      };
    }
    return { errorType: typeof err, errorMessage: String(err), trace: [] };
  } catch (_) {
    return {
      errorType: ERROR_HANDLED,
      errorMessage: 'the error given to the runtime could not be read (its name, message or stack threw)',
    };
  }
}

function looksLikeError(v) {
  return Boolean(v) && typeof v.name === 'string' && typeof v.message === 'string' &&
    typeof v.stack === 'string' && v.name !== '' && v.message !== '' && v.stack !== '';
}

function text(v) {
  return v === undefined ? undefined : String(v);
}

function runtimeError(name, message, stack) {
  const err = new Error(message);
  err.name = name;
  if (stack !== undefined) err.stack = stack;
  return err;
}

function logError(label, doc) {
  process.stderr.write(`ERROR\t${label}\t${JSON.stringify(doc)}\n`);
}

// ---- One invocation: the first of callback, context.succeed/fail/done, the
// returned promise, a thrown error or an idle event loop decides the outcome.

class Invocation {
  constructor(res) {
    this.id = res.headers[HEADER_REQUEST_ID];
    this.headers = res.headers;
    this.body = res.body;
    this.settled = false;
    this.deferred = false; // callback(null, result) waits for an empty event loop
    this.waits = true;
    this.done = new Promise((resolve) => { this.resolve = resolve; });
    this.idleAction = null; // what idle runs for this invocation (setIdle)
  }

  // callback is the handler's third argument. Like Lambda's Node runtime,
  // callback(null, result) answers only once the event loop is empty while
  // callbackWaitsForEmptyEventLoop is true (an open socket or timer then
  // ends in a timeout); errors, context.succeed/fail/done and promises
  // answer at once.
  callback(err, result) {
    if (err !== undefined && err !== null) this.fail(err);
    else if (!this.waits) this.succeed(result);
    else this.succeedWhenIdle(result);
  }

  // succeedWhenIdle answers with result once nothing else can run. The
  // invocation counts as answered meanwhile: later calls are ignored, and
  // result is serialised when it is sent, as on Lambda.
  succeedWhenIdle(result) {
    if (this.settled || this.deferred) return;
    this.deferred = true;
    this.setIdle(() => setImmediate(() => {
      this.deferred = false;
      this.succeed(result);
    }));
  }

  succeed(result) {
    if (!this.claim()) return;
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch (_) {
      this.post(ERROR, runtimeError(ERROR_STRINGIFY, 'Unable to stringify response body'));
      return;
    }
    this.post(RESPONSE, body === undefined ? 'null' : body);
  }

  // fail reports err; like Lambda's context.fail, a missing error becomes
  // the string "handled".
  fail(err) {
    if (!this.claim()) return;
    this.post(ERROR, err === undefined || err === null ? ERROR_HANDLED : err);
  }

  claim() {
    if (this.settled || this.deferred) return false;
    this.settled = true;
    this.dropIdle();
    return true;
  }

  // setIdle makes action what the process runs once nothing else can run
  // (idle), in place of what this invocation set before.
  setIdle(action) {
    this.idleAction = action;
    whenIdle = action;
  }

  // dropIdle withdraws this invocation's idle action, unless it ran.
  dropIdle() {
    if (this.idleAction !== null && whenIdle === this.idleAction) whenIdle = null;
    this.idleAction = null;
  }

  post(kind, payload) {
    let sent;
    if (kind === RESPONSE) {
      sent = client.respond(this.id, payload);
    } else {
      const doc = describe(payload);
      logError('Invoke Error', doc);
      sent = client.fail(this.id, doc);
    }
    sent.then((res) => {
      checkAccepted(res);
      this.resolve();
    }, transportFailed);
  }

  // settleWhenIdle ends an invocation the handler left open once nothing
  // else can run: an async handler failed, any other handler returned null.
  settleWhenIdle(isAsync) {
    this.setIdle(() => {
      if (isAsync) this.fail(runtimeError(ERROR_NODE_EXIT, 'the handler returned a Promise that was never settled'));
      else this.succeed(null);
    });
  }

  // context builds the handler's second argument with the fields, in the
  // order, of Lambda's Node.js runtime. Like that runtime it reads the
  // function's environment on every invocation (a handler that changes
  // AWS_LAMBDA_FUNCTION_NAME sees it in the next context); one object
  // literal, without the intermediate objects Object.assign needs.
  context() {
    const h = this.headers;
    const env = process.env;
    const deadline = Number(h[HEADER_DEADLINE_MS]);
    const self = this;
    return {
      get callbackWaitsForEmptyEventLoop() { return self.waits; },
      set callbackWaitsForEmptyEventLoop(v) { self.waits = v; },
      succeed: (result) => self.succeed(result),
      fail: (err) => self.fail(err),
      done: (err, result) => self.callback(err, result),
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      clientContext: parseHeader(h[HEADER_CLIENT_CONTEXT], 'ClientContext'),
      identity: parseHeader(h[HEADER_COGNITO_IDENTITY], 'CognitoIdentity'),
      invokedFunctionArn: h[HEADER_FUNCTION_ARN],
      awsRequestId: this.id,
      tenantId: h[HEADER_TENANT_ID],
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
  }
}

function parseHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err}`);
  }
}

function isThenable(v) {
  return Boolean(v) && typeof v.then === 'function';
}

function isAsyncFunction(fn) {
  return Boolean(fn.constructor) && fn.constructor.name === 'AsyncFunction';
}

// whenIdle is what the process's one 'beforeExit' listener (idle) runs
// next: the running invocation's way to end once nothing else can run, or
// null.
let whenIdle = null;

// idle is the process's 'beforeExit' listener, set up once before the
// handler loads, as Lambda's runtime does (rather than one listener added
// and removed per invocation); it runs whenIdle once.
function idle() {
  const action = whenIdle;
  whenIdle = null;
  if (action !== null) action();
}

function forwardTrace(traceId) {
  if (traceId) process.env[ENV_TRACE_ID] = traceId;
  else delete process.env[ENV_TRACE_ID];
}

function invoke(handler, res) {
  const inv = new Invocation(res);
  current = inv;
  forwardTrace(res.headers[HEADER_TRACE_ID]);
  inv.settleWhenIdle(isAsyncFunction(handler));
  try {
    const event = JSON.parse(inv.body.toString('utf8'));
    const out = handler(event, inv.context(), (err, result) => inv.callback(err, result));
    if (isThenable(out)) out.then((r) => inv.succeed(r), (e) => inv.fail(e));
  } catch (err) {
    inv.fail(err);
  }
  return inv.done;
}

async function serve(handler) {
  for (;;) {
    const res = await client.next();
    if (res.status !== 200) {
      throw new Error(`runtime API answered ${res.status} to ${PATH_NEXT}: ${res.body}`);
    }
    await invoke(handler, res);
  }
}

// ---- Loading the handler, resolved the way Lambda's Node.js runtime does:
// "dir/module.path.to.fn" loads dir/module (extensionless, .js, .mjs, .cjs,
// then node_modules) from the task root and takes path.to.fn from it.

async function loadHandler(root, spec) {
  if (spec.includes('..')) {
    throw runtimeError(ERROR_MALFORMED_HANDLER, `'${spec}' is not a valid handler name: it must not contain '..'`);
  }
  const base = path.basename(spec);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (match === null) throw runtimeError(ERROR_MALFORMED_HANDLER, `Bad handler '${spec}'`);
  const dir = spec.slice(0, spec.length - base.length);
  const loaded = await loadModule(root, dir, match[1]);
  return pickHandler(loaded, match[2], spec);
}

function pickHandler(loaded, property, spec) {
  const fn = property.split('.').reduce((obj, key) => obj && obj[key], loaded.exports);
  if (!fn) {
    throw runtimeError(ERROR_HANDLER_NOT_FOUND, `${spec} is undefined or not exported (${loaded.file})`);
  }
  if (typeof fn !== 'function') {
    throw runtimeError(ERROR_HANDLER_NOT_FOUND, `${spec} is not a function (${loaded.file})`);
  }
  return fn;
}

async function loadModule(root, dir, name) {
  const file = path.resolve(root, dir, name);
  const esm = packageTypeIsModule(path.dirname(file));
  const candidates = [
    [file, requireFile],
    [file + '.js', esm ? importFile : requireFile],
    [file + '.mjs', importFile],
    [file + '.cjs', requireFile],
  ];
  for (const [candidate, loader] of candidates) {
    if (fs.existsSync(candidate)) return { file: candidate, exports: await guarded(loader, candidate) };
  }
  const resolved = resolveInNodeModules(name, [root, path.resolve(root, dir)], file);
  return { file: resolved, exports: await guarded(requireFile, resolved) };
}

function requireFile(file) {
  return userRequire(file);
}

function importFile(file) {
  return import(url.pathToFileURL(file).href);
}

async function guarded(loader, file) {
  try {
    return await loader(file);
  } catch (err) {
    throw loadError(err, file);
  }
}

function resolveInNodeModules(name, paths, file) {
  try {
    return userRequire.resolve(name, { paths });
  } catch (err) {
    if (!MODULE_NOT_FOUND.has(err && err.code)) throw err;
    throw runtimeError(ERROR_IMPORT_MODULE,
      `Error: Cannot find module '${name}' (looked for ${file}.js, .mjs and .cjs, and in node_modules)`);
  }
}

// loadError turns a failure while loading user code into Lambda's error
// types, naming the file where the runtime can tell.
function loadError(err, file) {
  if (err instanceof SyntaxError) {
    return runtimeError(ERROR_SYNTAX, `${err} (${syntaxLocation(err) || file})`, err.stack);
  }
  if (err && MODULE_NOT_FOUND.has(err.code)) {
    const message = String(err);
    return runtimeError(ERROR_IMPORT_MODULE, message.includes(file) ? message : `${message} (loading ${file})`);
  }
  return err;
}

function syntaxLocation(err) {
  const m = /^(?:file:\/\/)?(\/[^\n]*:\d+)\n/.exec(String(err.stack));
  return m === null ? '' : m[1];
}

function packageTypeIsModule(folder) {
  if (folder.endsWith(`${path.sep}node_modules`)) return false;
  const manifest = path.join(folder, 'package.json');
  if (fs.existsSync(manifest)) return readPackageType(manifest) === 'module';
  const parent = path.dirname(folder);
  return parent === folder ? false : packageTypeIsModule(parent);
}

function readPackageType(manifest) {
  try {
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return pkg && pkg.type;
  } catch (err) {
    process.stderr.write(`apigw bootstrap: ignoring unreadable ${manifest}: ${err.message}\n`);
    return undefined;
  }
}

// ---- Process-level failures.

function unhandledRejection(reason) {
  let message;
  try {
    message = String(reason);
  } catch (_) {
    message = 'a promise was rejected with a value that cannot be printed';
  }
  const stack = reason instanceof Error ? reason.stack : undefined;
  return runtimeError(ERROR_UNHANDLED_REJECTION, message, stack);
}

function crash(err, code) {
  if (crashing || client === null) process.exit(code);
  crashing = true;
  const exit = () => process.exit(code);
  if (initializing) {
    const doc = describe(err);
    logError('Uncaught Exception', doc);
    client.initError(doc).then(exit, exit);
    return;
  }
  if (current !== null && !current.settled) current.fail(err);
  else logError('Uncaught Exception', describe(err));
  (current === null ? Promise.resolve() : current.done).then(exit, exit);
}

function transportFailed(err) {
  process.stderr.write(`apigw bootstrap: runtime API unreachable: ${err.message}\n`);
  process.exit(1);
}

async function initFailed(err) {
  const doc = describe(err);
  logError('Init Error', doc);
  await client.initError(doc).then(checkAccepted);
  process.exit(EXIT_UNCAUGHT);
}

async function main() {
  const address = process.env[ENV_RUNTIME_API];
  if (!address) throw new Error(`${ENV_RUNTIME_API} is not set`);
  client = new RuntimeClient(address);
  process.on('uncaughtException', (err) => crash(err, EXIT_UNCAUGHT));
  process.on('unhandledRejection', (reason) => crash(unhandledRejection(reason), EXIT_REJECTION));
  process.on('beforeExit', idle);
  let handler;
  try {
    handler = await loadHandler(process.env[ENV_TASK_ROOT] || process.cwd(), process.env[ENV_HANDLER] || '');
  } catch (err) {
    return initFailed(err);
  }
  initializing = false;
  return serve(handler);
}

main().catch((err) => {
  process.stderr.write(`apigw bootstrap: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
