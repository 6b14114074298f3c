package arn

import (
	"errors"
	"fmt"
	"strings"
)

// MaxMethodARNBytes is the longest method ARN API Gateway accepts when
// authorization is on (spec P-1, section 10); longer requests get 414.
const MaxMethodARNBytes = 1600

// Prefix starts every execute-api ARN in the aws partition.
const Prefix = "arn:aws:execute-api:"

var (
	// ErrTooLong reports a method ARN over MaxMethodARNBytes.
	ErrTooLong = errors.New("arn: method ARN longer than 1600 bytes")
	// ErrMalformed reports a part that cannot appear in a method ARN, or a
	// string that is not an execute-api method ARN.
	ErrMalformed = errors.New("arn: malformed execute-api method ARN")
)

// MethodARN is a method ARN split into its parts. Path has no leading "/";
// it is "" for the root and may itself contain ":" and "/".
type MethodARN struct {
	Region, Account, APIID, Stage, Method, Path string
}

// Build returns the method ARN of a request. path is the decoded request
// path; one leading "/" is dropped, so "/" gives ".../GET/". method is
// upper-cased. It fails with ErrMalformed when a part is empty or holds a
// separator, and with ErrTooLong past MaxMethodARNBytes.
func Build(region, account, apiID, stage, method, path string) (string, error) {
	var buf [256]byte
	b, err := AppendMethodARN(buf[:0], region, account, apiID, stage, method, path)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendMethodARN is Build appending to dst; it does not allocate when dst
// has room. On error dst is returned unchanged.
func AppendMethodARN(dst []byte, region, account, apiID, stage, method, path string) ([]byte, error) {
	if err := checkParts(stageParts(region, account, apiID, stage)); err != nil {
		return dst, err
	}
	out := appendStage(dst, region, account, apiID, stage)
	return appendMethodPath(dst, out, method, path)
}

// StageBase is what every method ARN of one API stage starts with,
// "arn:aws:execute-api:{region}:{account}:{apiID}/{stage}/", built and
// checked once, for a caller that builds many (the gateway, per request).
type StageBase struct{ prefix string }

// NewStageBase checks the parts of a stage's method ARNs as Build does
// (ErrMalformed) and returns their common start.
func NewStageBase(region, account, apiID, stage string) (StageBase, error) {
	if err := checkParts(stageParts(region, account, apiID, stage)); err != nil {
		return StageBase{}, err
	}
	return StageBase{prefix: string(appendStage(nil, region, account, apiID, stage))}, nil
}

// AppendMethodARN is the package's AppendMethodARN with b's region,
// account, API id and stage: the same bytes and errors, without checking
// and writing those parts again.
func (b StageBase) AppendMethodARN(dst []byte, method, path string) ([]byte, error) {
	return appendMethodPath(dst, append(dst, b.prefix...), method, path)
}

// appendStage appends a stage's method ARN start to dst.
func appendStage(dst []byte, region, account, apiID, stage string) []byte {
	out := append(dst, Prefix...)
	out = appendPart(out, region, ':')
	out = appendPart(out, account, ':')
	out = appendPart(out, apiID, '/')
	return appendPart(out, stage, '/')
}

// appendMethodPath ends out, dst with a stage's start appended, with the
// upper-cased method and the path without its leading "/". On error it
// returns dst, as it was: a bad method (ErrMalformed), an ARN over
// MaxMethodARNBytes (ErrTooLong).
func appendMethodPath(dst, out []byte, method, path string) ([]byte, error) {
	path = strings.TrimPrefix(path, "/")
	if err := checkParts([]part{{"method", method, "/"}}); err != nil {
		return dst, err
	}
	if n := len(out) - len(dst) + len(method) + len(path) + 1; n > MaxMethodARNBytes {
		return dst, fmt.Errorf("%w: %d bytes", ErrTooLong, n)
	}
	out = append(appendUpper(out, method), '/')
	return append(out, path...), nil
}

func appendPart(dst []byte, part string, sep byte) []byte {
	return append(append(dst, part...), sep)
}

func appendUpper(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// part names a component for error messages together with the separators
// it must not contain.
type part struct {
	name, value, forbidden string
}

// stageParts are the parts of a stage's method ARNs.
func stageParts(region, account, apiID, stage string) []part {
	return []part{
		{"region", region, ":/"},
		{"account", account, ":/"},
		{"API id", apiID, "/"},
		{"stage", stage, "/"},
	}
}

func checkParts(parts []part) error {
	for _, p := range parts {
		if p.value == "" {
			return fmt.Errorf("%w: empty %s", ErrMalformed, p.name)
		}
		if containsAnyByte(p.value, p.forbidden) {
			return fmt.Errorf("%w: %s %q contains one of %q", ErrMalformed, p.name, p.value, p.forbidden)
		}
	}
	return nil
}

// containsAnyByte is strings.ContainsAny for ASCII separators, without the
// set-building cost on the request path.
func containsAnyByte(s, seps string) bool {
	for i := 0; i < len(seps); i++ {
		if strings.IndexByte(s, seps[i]) >= 0 {
			return true
		}
	}
	return false
}
