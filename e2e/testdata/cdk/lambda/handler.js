// The API's function: echoes the path it was called on, the authorizer's
// principal and the method's operation name (absent when it has none).
exports.handler = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    path: event.path,
    principal: event.requestContext.authorizer && event.requestContext.authorizer.principalId,
    operationName: event.requestContext.operationName,
  }),
});
