package api

// The messages API Gateway gives authorization outcomes
// ($context.error.message), in one place for the gateway's response table
// and for every authorizer kind.
const (
	// MessageUnauthorized is UNAUTHORIZED's message (401; T-3, R-3, V-7),
	// and the exact function error that asks a Lambda authorizer for it (O-7).
	MessageUnauthorized = "Unauthorized"
	// MessageImplicitDeny is ACCESS_DENIED's message when no statement of
	// the policy allows the request (O-9).
	MessageImplicitDeny = "User is not authorized to access this resource"
	// MessageExplicitDeny is ACCESS_DENIED's message when a Deny statement
	// matches (O-9).
	MessageExplicitDeny = "User is not authorized to access this resource with an explicit deny"
	// MessageForbidden is the message of a 403 that gives no reason: an
	// HTTP API authorizer's deny (V-7), INVALID_API_KEY, WAF_FILTERED.
	MessageForbidden = "Forbidden"
)
