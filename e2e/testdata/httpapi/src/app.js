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
