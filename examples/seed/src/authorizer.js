// Two TOKEN authorizers in the shape of the seed article's, written for apigw.
// Both understand the same tokens: "allow", "deny", "unauthorized"; anything
// else fails the way a broken authorizer does (API Gateway answers 500).
'use strict';

// The pitfall: the policy names only the ARN of the request that was authorized.
exports.exactArn = (event, context, callback) => decide(event, event.methodArn, callback);

// The fix: the policy names every stage, verb and path of this API.
exports.wildcard = (event, context, callback) => {
  const apiArn = event.methodArn.split('/')[0]; // arn:aws:execute-api:region:account:apiId
  decide(event, apiArn + '/*/*', callback);
};

function decide(event, resource, callback) {
  switch (event.authorizationToken) {
    case 'allow':
      return callback(null, policyFor('user', 'Allow', resource));
    case 'deny':
      return callback(null, policyFor('user', 'Deny', resource));
    case 'unauthorized':
      return callback('Unauthorized'); // API Gateway answers 401
    default:
      return callback('Error: Invalid token'); // API Gateway answers 500
  }
}

function policyFor(principalId, effect, resource) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    // Context values reach the backend as strings.
    context: { stringKey: 'stringval', numberKey: 123, booleanKey: true },
  };
}
