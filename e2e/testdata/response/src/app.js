'use strict';
// Each route answers something a careless gateway would pass to the client
// as is: a status of the path's choosing, a framing header, a binary body.
const framing = {
  connection: ['Connection', 'close'],
  trailer: ['Trailer', 'X-T'],
  'transfer-encoding': ['Transfer-Encoding', 'chunked'],
  'content-length': ['Content-Length', '999'],
};
exports.handler = async (event) => {
  switch (event.resource) {
    case '/status/{code}':
      return { statusCode: Number(event.pathParameters.code), body: 'status ' + event.pathParameters.code };
    case '/header/{name}': {
      const [name, value] = framing[event.pathParameters.name];
      return { statusCode: 200, headers: { [name]: value }, body: 'with ' + name };
    }
    case '/png':
      return { statusCode: 200, headers: { 'Content-Type': 'image/png' }, isBase64Encoded: true, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64') };
    case '/number':
      return { statusCode: 200, body: 42 };
  }
  return { statusCode: 200, body: 'private data of ' + event.pathParameters.user };
};
