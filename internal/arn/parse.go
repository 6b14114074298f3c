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
