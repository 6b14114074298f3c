'use strict';
// REQUEST authorizer in the shape of the seed article's second example.
exports.request = (event, context, callback) => {
  const apiArn = event.methodArn.split('/')[0];
  const ok = event.headers.headerauth1 === 'headerValue1' &&
    event.queryStringParameters.QueryString1 === 'queryValue1' &&
    event.stageVariables.StageVar1 === 'stageValue1';
  if (!ok) return callback('Unauthorized');
  callback(null, allow('me', apiArn + '/*/*'));
};

// TOKEN authorizer answering with the request's own ARN.
exports.token = async (event) => {
  if (event.authorizationToken === 'deny') return policy('user', 'Deny', event.methodArn);
  if (event.authorizationToken !== 'allow') throw new Error('Unauthorized');
  return allow('user', event.methodArn);
};

const allow = (principalId, resource) => policy(principalId, 'Allow', resource);

function policy(principalId, effect, resource) {
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
    context: { tier: 'gold', quota: 42, beta: false },
  };
}
