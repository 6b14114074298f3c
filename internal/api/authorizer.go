package api

import (
	"fmt"
	"regexp"
	"regexp/syntax"
)

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
