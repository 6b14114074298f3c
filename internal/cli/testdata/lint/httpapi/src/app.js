// Authorizers for the lint HTTP API test (V-4, V-6).

// simpleAuth allows user "allow", with a context naming the route it was
// called for: cached without $context.routeKey, that route is what every
// other route sees.
exports.simpleAuth = async (event) => ({
  isAuthorized: event.headers['x-user'] === 'allow',
  context: { calledFor: event.routeKey },
});

// policyAuth allows only the route ARN it was called for (the seed's
// mistake, on an HTTP API).
exports.policyAuth = async (event) => ({
  principalId: 'user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: event.headers['x-user'] === 'allow' ? 'Allow' : 'Deny', Resource: event.routeArn }],
  },
});

exports.echo = async () => ({ statusCode: 200, body: 'ok' });
