package jwtauth

import (
	"errors"

	"github.com/apigw/apigw/internal/jwt"
)

// An HTTP API answers a token its JWT authorizer refuses with 401 and a
// www-authenticate header naming the reason, e.g. `Bearer scope=""
// error="invalid_token" error_description="the token does not have a
// valid audience"` (DG-HTTP-LAMBDA troubleshooting-jwt). That description
// is AWS's; the others follow its form and are UNCONFIRMED. A request
// without a token gets no header (UNCONFIRMED), as does a missing scope's
// 403.

// descriptions are the error_description of each way a token fails to
// verify, first match wins; a failure not listed is describedOther.
var descriptions = []struct {
	err  error
	text string
}{
	{jwt.ErrAudience, "the token does not have a valid audience"},
	{jwt.ErrIssuer, "the token does not have a valid issuer"},
	{jwt.ErrExpired, "the token has expired"},
	{jwt.ErrNotYetValid, "the token is not valid yet"},
	{jwt.ErrAlgorithm, "the token's signing method is not allowed"},
	{jwt.ErrSignature, "the token's signature is invalid"},
	{jwt.ErrMalformed, "the token is malformed"},
}

const describedOther = "the token is invalid"

// challenge is the www-authenticate value for a token refused with err.
// Its text is fixed per kind of failure: no part of the token is echoed.
func challenge(err error) string {
	text := describedOther
	for _, d := range descriptions {
		if errors.Is(err, d.err) {
			text = d.text
			break
		}
	}
	return `Bearer scope="" error="invalid_token" error_description="` + text + `"`
}
