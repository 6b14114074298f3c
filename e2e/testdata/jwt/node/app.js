// Echoes the event, so the test can read what the authorizer passed on.
exports.echo = async (event) => ({ statusCode: 200, headers: { 'x-runtime': 'node' }, body: JSON.stringify(event) });

// simpleAuth allows user "allow" and denies anyone else (V-4).
exports.simpleAuth = async (event) => ({ isAuthorized: event.headers['x-user'] === 'allow', context: { user: event.headers['x-user'] } });
