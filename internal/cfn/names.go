package cfn

// Intrinsic function names in long form.
const (
	fnRef          = "Ref"
	fnCondition    = "Condition"
	fnSub          = "Fn::Sub"
	fnGetAtt       = "Fn::GetAtt"
	fnJoin         = "Fn::Join"
	fnSelect       = "Fn::Select"
	fnSplit        = "Fn::Split"
	fnIf           = "Fn::If"
	fnEquals       = "Fn::Equals"
	fnNot          = "Fn::Not"
	fnAnd          = "Fn::And"
	fnOr           = "Fn::Or"
	fnFindInMap    = "Fn::FindInMap"
	fnBase64       = "Fn::Base64"
	fnImportValue  = "Fn::ImportValue"
	fnTransform    = "Fn::Transform"
	fnGetAZs       = "Fn::GetAZs"
	fnCidr         = "Fn::Cidr"
	fnLength       = "Fn::Length"
	fnToJSONString = "Fn::ToJsonString"
)

// shortTags maps each YAML short tag to its long-form function name.
var shortTags = map[string]string{
	"!Ref":         fnRef,
	"!Condition":   fnCondition,
	"!Sub":         fnSub,
	"!GetAtt":      fnGetAtt,
	"!Join":        fnJoin,
	"!Select":      fnSelect,
	"!Split":       fnSplit,
	"!If":          fnIf,
	"!Equals":      fnEquals,
	"!Not":         fnNot,
	"!And":         fnAnd,
	"!Or":          fnOr,
	"!FindInMap":   fnFindInMap,
	"!Base64":      fnBase64,
	"!ImportValue": fnImportValue,
	"!Transform":   fnTransform,
	"!GetAZs":      fnGetAZs,
	"!Cidr":        fnCidr,
}

// Pseudo parameters.
const (
	pseudoRegion           = "AWS::Region"
	pseudoAccountID        = "AWS::AccountId"
	pseudoStackName        = "AWS::StackName"
	pseudoStackID          = "AWS::StackId"
	pseudoPartition        = "AWS::Partition"
	pseudoURLSuffix        = "AWS::URLSuffix"
	pseudoNoValue          = "AWS::NoValue"
	pseudoNotificationARNs = "AWS::NotificationARNs"
)

// Resource types whose Ref and Fn::GetAtt the resolver knows.
const (
	TypeServerlessFunction = "AWS::Serverless::Function"
	TypeLambdaFunction     = "AWS::Lambda::Function"
	TypeServerlessAPI      = "AWS::Serverless::Api"
	TypeRestAPI            = "AWS::ApiGateway::RestApi"
	TypeServerlessHTTPAPI  = "AWS::Serverless::HttpApi"
	TypeServerlessWSAPI    = "AWS::Serverless::WebSocketApi"
	TypeV2API              = "AWS::ApiGatewayV2::Api"
)

// Template section names.
const (
	sectionParameters = "Parameters"
	sectionMappings   = "Mappings"
	sectionConditions = "Conditions"
	sectionResources  = "Resources"
	sectionGlobals    = "Globals"
	sectionOutputs    = "Outputs"
	sectionTransform  = "Transform"
)

// YAML core tags.
const (
	tagStr = "!!str"
	tagMap = "!!map"
	tagSeq = "!!seq"
)
