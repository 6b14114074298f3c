package arn

import (
	"fmt"
	"strings"
)

// Parse splits a method ARN built by Build (or sent by API Gateway) into its
// parts. It accepts the aws partition only and needs all six parts; only
// the path may be empty.
func Parse(s string) (MethodARN, error) {
	rest, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return MethodARN{}, fmt.Errorf("%w: %q does not start with %q", ErrMalformed, s, Prefix)
	}
	var m MethodARN
	fields := [...]struct {
		dst *string
		sep string
	}{{&m.Region, ":"}, {&m.Account, ":"}, {&m.APIID, "/"}, {&m.Stage, "/"}, {&m.Method, "/"}}
	for _, f := range fields {
		var found bool
		*f.dst, rest, found = strings.Cut(rest, f.sep)
		if !found || *f.dst == "" {
			return MethodARN{}, fmt.Errorf("%w: %q lacks region, account, API id, stage, method or path", ErrMalformed, s)
		}
	}
	if strings.Contains(m.Region, "/") || strings.Contains(m.Account, "/") {
		return MethodARN{}, fmt.Errorf("%w: %q has a \"/\" before the API id", ErrMalformed, s)
	}
	m.Path = rest
	return m, nil
}

// String returns the full ARN of m, without the length check of Build.
func (m MethodARN) String() string {
	return Prefix + m.Region + ":" + m.Account + ":" + m.APIID + "/" + m.Stage + "/" + m.Method + "/" + m.Path
}

// Masked returns the ARN with its account masked as API Gateway prints it
// in a resource policy's deny message (MaskAccount).
func (m MethodARN) Masked() string {
	m.Account = MaskAccount(m.Account)
	return m.String()
}

// MaskAccount replaces every character of an account id but the last four
// with '*': "123456789012" is "********9012", as AWS writes it in
// "User: anonymous is not authorized ..." messages (OBS: responses quoted
// in public issues show "********3748").
func MaskAccount(account string) string {
	keep := min(len(account), 4)
	return strings.Repeat("*", len(account)-keep) + account[len(account)-keep:]
}

// Short returns the ARN without region, account and API id, for
// explanations: ".../prod/GET/users".
func (m MethodARN) Short() string {
	return ".../" + m.Stage + "/" + m.Method + "/" + m.Path
}

// Request returns the verb and path of the request the ARN was built for:
// "GET /users".
func (m MethodARN) Request() string {
	return m.Method + " /" + m.Path
}
