// A TOKEN authorizer with the seed pitfall: its policy allows only the
// method ARN of the request that ran it, and API Gateway caches that policy
// for every path of the {proxy+} resource.
exports.handler = async (event) => {
  if (event.authorizationToken !== "allow") {
    throw new Error("Unauthorized");
  }
  return {
    principalId: "user",
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
  };
};
