// Functions of the HTTP API end-to-end test.
exports.echo = async (event) => {
  const resp = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  if (event.version === '2.0') {
    resp.cookies = ['seen=1', 'route=' + encodeURIComponent(event.routeKey)];
  }
  return resp;
};

exports.fail = async () => {
  throw new Error('boom');
};

exports.bare = async () => 'hello from node';

// simpleAuth allows user "allow" and denies anyone else, with a context
// that names the route it was called for (V-4, V-8).
exports.simpleAuth = async (event) => ({
  isAuthorized: event.headers['x-user'] === 'allow',
  context: { user: event.headers['x-user'], calledFor: event.routeKey },
});
