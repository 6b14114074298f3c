package api

import (
	"fmt"
	"regexp"
	"regexp/syntax"
)

// AuthorizerType is TOKEN or REQUEST (Lambda authorizers), JWT or
// COGNITO_USER_POOLS (token verifiers).
type AuthorizerType string

// Authorizer types: Lambda (REST and HTTP APIs), JWT (HTTP APIs) and
// Cognito user pools (REST APIs).
const (
	AuthorizerToken   AuthorizerType = "TOKEN"
	AuthorizerRequest AuthorizerType = "REQUEST"
	AuthorizerJWT     AuthorizerType = "JWT"
	AuthorizerCognito AuthorizerType = "COGNITO_USER_POOLS"
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
	Function string // logical id of the authorizer function; "" for JWT and Cognito
	// JWT is what a JWT or Cognito authorizer trusts; nil for Lambda
	// authorizers.
	JWT *JWTConfig `json:",omitempty"`
	// IdentitySources in configured order; a TOKEN authorizer has exactly one header.
	IdentitySources []IdentitySource
	// ValidationExpression is the TOKEN regex as written ("" for none);
	// Validation is it compiled by SetValidation at load (nil for none).
	// Set both with SetValidation.
	ValidationExpression string
	Validation           *regexp.Regexp `json:"-"`
	TTLSeconds           int
	// PayloadVersion is an HTTP API Lambda authorizer's
	// authorizerPayloadFormatVersion, PayloadV1 or PayloadV2 (V-1); ""
	// for a REST authorizer. Type is then AuthorizerRequest.
	PayloadVersion string `json:",omitempty"`
	// SimpleResponses: the function answers {"isAuthorized": bool,
	// "context": {...}} instead of an IAM policy (V-4; 2.0 only).
	SimpleResponses bool `json:",omitempty"`
	Source          Location
	// Gap, when set, says what apigw cannot run in this authorizer's
	// place ("Cognito user pool authorizers"); routes may name it and fail
	// closed at the authorizer (RouteGap). Validate checks nothing else of
	// it.
	Gap Gap `json:",omitzero"`
}

// JWTConfig is what a JWT authorizer (HTTP APIs) or a Cognito user pool
// authorizer (REST APIs) trusts.
type JWTConfig struct {
	// Issuers are the accepted iss values: a JWT authorizer's issuer, or
	// the issuer of each of a Cognito authorizer's user pools.
	Issuers []string
	// Audience: a JWT authorizer's accepted aud (or client_id) values.
	// Cognito authorizers have none: every app client of the pool is
	// accepted (IdentityValidationExpression may check aud, T-4).
	Audience []string `json:",omitempty"`
}

// IsLambda reports whether a runs a Lambda function (TOKEN or REQUEST).
func (a *Authorizer) IsLambda() bool {
	return a.Type == AuthorizerToken || a.Type == AuthorizerRequest
}

// IsHTTP reports whether a is an HTTP API Lambda authorizer.
func (a *Authorizer) IsHTTP() bool { return a.PayloadVersion != "" }

// SetValidation sets a TOKEN authorizer's identityValidationExpression and
// compiles it once, with CompileValidation. On error neither is set.
func (a *Authorizer) SetValidation(expr string) error {
	re, err := CompileValidation(expr)
	if err != nil {
		return err
	}
	a.ValidationExpression, a.Validation = expr, re
	return nil
}

// CompileValidation compiles a validation expression as the whole-token
// match ^(?:expr)$ (T-4; AWS's anchoring is UNCONFIRMED) with Go's RE2
// engine; "" gives nil. The expression must parse on its own first, so
// that one such as "a)|(b" cannot undo the anchoring.
func CompileValidation(expr string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	_, err := syntax.Parse(expr, syntax.Perl)
	var re *regexp.Regexp
	if err == nil {
		re, err = regexp.Compile("^(?:" + expr + ")$")
	}
	if err != nil {
		return nil, fmt.Errorf("%q is not a regular expression apigw can run (RE2: no back-references or lookaround): %w", expr, err)
	}
	return re, nil
}
