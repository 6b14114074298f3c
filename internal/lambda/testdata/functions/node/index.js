// Test handlers for the Node.js runtime.

// seed has the shape of the seed's TOKEN authorizer: a callback handler.
exports.seed = function (event, context, callback) {
  switch (event.authorizationToken) {
    case 'allow':
      callback(null, { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [] } });
      break;
    case 'unauthorized':
      callback('Unauthorized');
      break;
    default:
      callback('Error: Invalid token');
  }
};

exports.info = async (event, context) => ({
  stream: context.logStreamName, // unique per process, whatever its pid namespace
  requestId: context.awsRequestId,
  functionName: context.functionName,
  remainingMs: context.getRemainingTimeInMillis(),
  event,
});

exports.thrower = async () => {
  throw new TypeError('boom');
};

// env returns one environment variable, named by the event.
exports.env = async (event) => ({ value: process.env[event.name] ?? null });

// flags reports how node was started: global.gc, its flags, its heap
// limit, and whether NODE_OPTIONS --no-deprecation applied.
exports.flags = async () => ({
  gc: typeof global.gc,
  execArgv: process.execArgv,
  heapLimit: require('v8').getHeapStatistics().heap_size_limit,
  noDeprecation: process.noDeprecation === true,
});
