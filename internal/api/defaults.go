package api

// The stack apigw pretends to run in (DESIGN section 1): every ARN, the
// AWS::Region and AWS::AccountId pseudo parameters and a function's
// AWS_REGION use these unless --region and --account-id say otherwise
// (--region's default is $AWS_REGION first). Loaders, the CLI and the
// function runner all take them from here.
const (
	DefaultRegion    = "us-east-1"
	DefaultAccountID = "123456789012"
)
