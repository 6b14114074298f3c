// A CDK app (plain JavaScript, no TypeScript) with a LambdaRestApi and a
// TOKEN authorizer on its {proxy+} resource. `npx cdk synth` wrote cdk.out.
const cdk = require("aws-cdk-lib");
const apigateway = require("aws-cdk-lib/aws-apigateway");
const lambda = require("aws-cdk-lib/aws-lambda");
const path = require("path");

const app = new cdk.App();
const stack = new cdk.Stack(app, "PetsStack");

const code = lambda.Code.fromAsset(path.join(__dirname, "lambda"));
const handler = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "handler.handler",
  code,
});
const authFn = new lambda.Function(stack, "AuthFn", {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: "authorizer.handler",
  code,
});
const authorizer = new apigateway.TokenAuthorizer(stack, "TokenAuth", {
  handler: authFn,
  resultsCacheTtl: cdk.Duration.seconds(300),
});

// LambdaRestApi: root ANY and {proxy+} ANY to the handler; the authorizer
// guards every method.
new apigateway.LambdaRestApi(stack, "PetsApi", {
  handler,
  deployOptions: { stageName: "prod" },
  defaultMethodOptions: { authorizer },
});
