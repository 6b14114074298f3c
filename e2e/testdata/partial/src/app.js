// The served function and the authorizer that allows every token.
exports.hello = async () => ({ statusCode: 200, body: 'hello from node' });

exports.allow = async (event) => ({
  principalId: 'user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }],
  },
});
