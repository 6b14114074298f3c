package integration

// keyJWT is requestContext.authorizer's key for a JWT authorizer in a
// payload 2.0 event.
const keyJWT = "jwt"

// appendJWTAuthorizer appends {"jwt":{"claims":{...},"scopes":[...]}}, a
// JWT authorizer's part of a payload 2.0 event (DG-HTTP-LAMBDA); scopes
// are null when the token has none.
func appendJWTAuthorizer(b []byte, j *JWT) []byte {
	b = appendKey(append(b, '{'), keyJWT, true)
	return append(appendClaimsAndScopes(append(b, '{'), j), '}')
}

// appendClaimsV1 appends a 1.0 event's requestContext.authorizer for a
// verified token: {"claims":{...}} for a REST API's Cognito authorizer,
// {"claims":{...},"scopes":[...]} for an HTTP API's JWT authorizer (V-8's
// claims and scopes keys, filled).
func appendClaimsV1(b []byte, j *JWT, httpAPI bool) []byte {
	if httpAPI {
		return appendClaimsAndScopes(append(b, '{'), j)
	}
	b = appendStringMap(appendKey(append(b, '{'), keyClaims, true), j.Claims)
	return append(b, '}')
}

// appendClaimsAndScopes appends "claims":{...},"scopes":[...]|null and
// closes the object.
func appendClaimsAndScopes(b []byte, j *JWT) []byte {
	b = appendStringMap(appendKey(b, keyClaims, true), j.Claims)
	b = appendKey(b, keyScopes, false)
	if j.Scopes == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, s := range j.Scopes {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']', '}')
}
