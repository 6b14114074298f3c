// A TOKEN authorizer in the seed's shape (function(event, context, callback)):
// "allow" and "deny" call back with a policy for every method of the API,
// "unauthorized" calls back with the string "Unauthorized" (API Gateway's 401),
// anything else calls back with another string (API Gateway's 500).
'use strict';

exports.handler = function (event, context, callback) {
  const parts = event.methodArn.split(':');
  const apiId = parts[5].split('/')[0];
  const everyMethod = parts.slice(0, 5).join(':') + ':' + apiId + '/*/*';
  switch (event.authorizationToken) {
    case 'allow':
      callback(null, policyFor('user', 'Allow', everyMethod));
      break;
    case 'deny':
      callback(null, policyFor('user', 'Deny', everyMethod));
      break;
    case 'unauthorized':
      callback('Unauthorized');
      break;
    default:
      callback('Error: Invalid token');
  }
};

function policyFor(principalId, effect, resource) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    context: { stringKey: 'stringval', numberKey: 123, booleanKey: true },
  };
}
