// Echoes the event, so the test can read what the authorizer passed on.
exports.echo = async (event) => ({ statusCode: 200, headers: { 'x-runtime': 'node' }, body: JSON.stringify(event) });
