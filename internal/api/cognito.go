package api

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUserPoolARN reports a Cognito user pool ARN apigw cannot read.
var ErrUserPoolARN = errors.New("not a Cognito user pool ARN (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID)")

// CognitoIssuer is the token issuer of the user pool arn names:
// arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID gives
// https://cognito-idp.REGION.amazonaws.com/POOL_ID.
func CognitoIssuer(arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "cognito-idp" || parts[3] == "" {
		return "", fmt.Errorf("%q: %w", arn, ErrUserPoolARN)
	}
	pool, ok := strings.CutPrefix(parts[5], "userpool/")
	if !ok || pool == "" || strings.Contains(pool, "/") {
		return "", fmt.Errorf("%q: %w", arn, ErrUserPoolARN)
	}
	return "https://cognito-idp." + parts[3] + ".amazonaws.com/" + pool, nil
}
