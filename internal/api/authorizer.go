package api

// AuthorizerType is TOKEN or REQUEST.
type AuthorizerType string

// Lambda authorizer types (REST).
const (
	AuthorizerToken   AuthorizerType = "TOKEN"
	AuthorizerRequest AuthorizerType = "REQUEST"
)

// Authorizer TTL bounds in seconds (C-1).
const (
	DefaultAuthorizerTTL = 300
	MaxAuthorizerTTL     = 3600
)

// Authorizer is a Lambda authorizer of an API.
type Authorizer struct {
	Name     string
	Type     AuthorizerType
	Function string // logical id of the authorizer function
	// IdentitySources in configured order; a TOKEN authorizer has exactly one header.
	IdentitySources []IdentitySource
	// ValidationExpression is the TOKEN regex as written ("" for none).
	ValidationExpression string
	TTLSeconds           int
	Source               Location
}
