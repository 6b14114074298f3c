// The CDK app item10-cdk-nested/template.yaml and its nested templates were synthesised from (npx cdk synth, aws-cdk-lib 2.278.0; asset paths then pointed at ../fn): two NestedStacks, each a LambdaRestApi.
const cdk = require("aws-cdk-lib");
const apigateway = require("aws-cdk-lib/aws-apigateway");
const lambda = require("aws-cdk-lib/aws-lambda");
const path = require("path");
class ApiStack extends cdk.NestedStack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const handler = new lambda.Function(this, "Handler", { runtime: lambda.Runtime.NODEJS_22_X, handler: "handler.handler", code: lambda.Code.fromAsset(path.join(__dirname, "lambda")) });
    new apigateway.LambdaRestApi(this, "Api", { handler, deployOptions: { stageName: props.stage } });
  }
}
const app = new cdk.App();
const parent = new cdk.Stack(app, "ParentStack");
new ApiStack(parent, "Pets", { stage: "prod" });
new ApiStack(parent, "Users", { stage: "dev" });
