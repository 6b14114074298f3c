package api

// AccessLog is a stage's access log setting: AccessLogSetting on an
// AWS::Serverless::Api, an AWS::ApiGateway::Stage or a Deployment's
// StageDescription; AccessLogSettings on an AWS::Serverless::HttpApi or an
// AWS::ApiGatewayV2::Stage. package accesslog compiles Format at load;
// the destination (a CloudWatch log group) is not read: apigw writes to
// stdout or --access-log.
type AccessLog struct {
	// Format is the line, with $context variables, as written.
	Format string
	Source Location // where Format is declared
}
