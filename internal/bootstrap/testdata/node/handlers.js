// Handlers exercising each way a Node.js function can finish.
'use strict';

class AuthError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AuthError';
  }
}

class UnnamedSubclass extends Error {}

let calls = 0;

exports.echoAsync = async (event) => event;
exports.asyncUndefined = async () => {};
exports.promise = (event) => new Promise((resolve) => setTimeout(() => resolve({ got: event.n }), 1));
exports.rejectString = () => Promise.reject('nope');
exports.rejectUndefined = () => Promise.reject();
exports.rejectObject = () => Promise.reject({ code: 7 });
exports.throwError = () => {
  throw new Error('boom');
};
exports.throwTypeError = async (event) => event.missing.field;
exports.throwNamed = () => {
  throw new AuthError('token expired');
};
exports.throwSubclass = () => {
  throw new UnnamedSubclass('subclass without a name');
};
exports.throwString = () => {
  throw 'thrown string';
};
exports.throwUndefined = () => {
  throw undefined;
};
exports.throwUnauthorized = async () => {
  throw new Error('Unauthorized');
};
exports.succeed = (event, context) => context.succeed({ via: 'succeed' });
exports.fail = (event, context) => context.fail(new Error('failed'));
exports.failString = (event, context) => context.fail('Unauthorized');
exports.failEmpty = (event, context) => context.fail();
exports.doneOk = (event, context) => context.done(null, { via: 'done' });
exports.doneErr = (event, context) => context.done('done error');
exports.firstCallWins = (event, context, callback) => {
  callback(null, 'first');
  callback(null, 'second');
  context.fail('third');
};
exports.callbackThenThrow = (event, context, callback) => {
  callback(null, 'called back');
  throw new Error('thrown after the callback');
};
exports.noCallback = () => {};
exports.neverSettlesAsync = async () => new Promise(() => {});
exports.leavesTimer = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => {}, 60000);
  callback(null, 'early');
};
// The result is serialised when it is sent: after the timer, unless the
// handler asked not to wait for the event loop.
exports.waitsForTimer = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = event.wait !== false;
  const result = { state: 'at callback' };
  setTimeout(() => { result.state = 'after the timer'; }, 20);
  callback(null, result);
};
exports.errorDoesNotWait = (event, context, callback) => {
  setTimeout(() => {}, 60000);
  callback(new Error('at once'));
};
exports.succeedDoesNotWait = (event, context) => {
  setTimeout(() => {}, 60000);
  context.succeed('at once');
};
exports.waitingCallbackWins = (event, context, callback) => {
  callback(null, 'first');
  context.succeed('second');
};
exports.circular = async () => {
  const loop = {};
  loop.self = loop;
  return loop;
};
exports.functionResult = async () => () => 1;
exports.uncaught = () => {
  setTimeout(() => {
    throw new Error('from a timer');
  }, 1);
};
exports.floatingRejection = async () => {
  Promise.reject(new Error('floating'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return 'late';
};
exports.nested = { deeper: { handler: async () => 'nested' } };
exports.notAFunction = 42;
exports.count = async () => ++calls;
exports.print = async () => {
  console.log('apigw-marker-stdout');
  console.error('apigw-marker-stderr');
  return 'printed';
};
exports.context = (event, context, callback) => {
  callback(null, {
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    traceId: process.env._X_AMZN_TRACE_ID === undefined ? null : process.env._X_AMZN_TRACE_ID,
    clientContext: context.clientContext === undefined ? null : context.clientContext,
    identity: context.identity === undefined ? null : context.identity,
  });
};
exports.remaining = async (event, context) => {
  const first = context.getRemainingTimeInMillis();
  await new Promise((resolve) => setTimeout(resolve, 25));
  return { first, second: context.getRemainingTimeInMillis() };
};
exports.contextKeys = async (event, context) => Object.keys(context);
// renames: the name this context has, then a new one for the next.
exports.renames = async (event, context) => {
  const seen = context.functionName;
  process.env.AWS_LAMBDA_FUNCTION_NAME = event.next;
  return seen;
};
exports.headerFields = async (event, context) => ({
  awsRequestId: context.awsRequestId,
  invokedFunctionArn: context.invokedFunctionArn,
  deadlineKnown: Number.isFinite(context.getRemainingTimeInMillis()),
});
