// A Lambda-proxy backend that answers with what it was called with.
'use strict';

exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    message: 'hello from the echo backend',
    httpMethod: event.httpMethod,
    path: event.path,
    resource: event.resource,
    pathParameters: event.pathParameters,
    stageVariables: event.stageVariables,
    authorizer: event.requestContext && event.requestContext.authorizer,
  }),
});
