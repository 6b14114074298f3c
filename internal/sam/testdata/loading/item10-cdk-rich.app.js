// The CDK app item10-cdk-rich.yaml was synthesised from (npx cdk synth, aws-cdk-lib 2.278.0; asset paths then pointed at ./fn): a RestApi with CORS preflight, REQUEST and Cognito authorizers, proxy and non-proxy Lambda, HTTP proxy and mock integrations, a usage plan and a gateway response.
const cdk = require("aws-cdk-lib");
const apigateway = require("aws-cdk-lib/aws-apigateway");
const lambda = require("aws-cdk-lib/aws-lambda");
const cognito = require("aws-cdk-lib/aws-cognito");
const path = require("path");
const app = new cdk.App();
const stack = new cdk.Stack(app, "RichStack");
const code = lambda.Code.fromAsset(path.join(__dirname, "lambda"));
const fn = new lambda.Function(stack, "Fn", { runtime: lambda.Runtime.NODEJS_22_X, handler: "handler.handler", code });
const authFn = new lambda.Function(stack, "AuthFn", { runtime: lambda.Runtime.NODEJS_22_X, handler: "authorizer.handler", code });
const reqAuth = new apigateway.RequestAuthorizer(stack, "ReqAuth", { handler: authFn, identitySources: [apigateway.IdentitySource.header("X-User")] });
const pool = new cognito.UserPool(stack, "Pool");
const poolAuth = new apigateway.CognitoUserPoolsAuthorizer(stack, "PoolAuth", { cognitoUserPools: [pool] });
const api = new apigateway.RestApi(stack, "Api", {
  deployOptions: { stageName: "dev", variables: { color: "blue" } },
  defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS },
});
const pets = api.root.addResource("pets");
pets.addMethod("GET", new apigateway.LambdaIntegration(fn), { authorizer: reqAuth, operationName: "ListPets", apiKeyRequired: true });
pets.addMethod("POST", new apigateway.LambdaIntegration(fn, { proxy: false }), { authorizer: poolAuth });
const pet = pets.addResource("{id}");
pet.addMethod("GET", new apigateway.LambdaIntegration(fn));
const http = api.root.addResource("http").addResource("{proxy+}");
http.addMethod("ANY", new apigateway.HttpIntegration("https://example.com/{proxy}", { proxy: true, options: { requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" } } }), { requestParameters: { "method.request.path.proxy": true } });
api.root.addResource("mock").addMethod("GET", new apigateway.MockIntegration({ requestTemplates: { "application/json": '{"statusCode": 200}' }, integrationResponses: [{ statusCode: "200" }] }), { methodResponses: [{ statusCode: "200" }] });
const plan = api.addUsagePlan("Plan", { throttle: { rateLimit: 10 } });
plan.addApiStage({ stage: api.deploymentStage });
plan.addApiKey(api.addApiKey("Key"));
api.addGatewayResponse("Missing", { type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: "404", templates: { "application/json": '{"m":"none"}' } });
