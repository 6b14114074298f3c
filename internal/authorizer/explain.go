package authorizer

import (
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/apigw/apigw/internal/arn"
	"github.com/apigw/apigw/internal/policy"
)

// String explains the outcome in one line, for logs and the CLI:
//
//	403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only
//	arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets; this request is .../prod/GET/users
//
// followed by the key hash. It never contains a token.
func (e *Explanation) String() string { return e.Text(e.KeyHash()) }

// Text is String with the cache key's hash already known (KeyHash's
// value, or "" to leave it out): a caller that shows the hash anyway
// computes it once.
func (e *Explanation) Text(keyHash string) string {
	b := e.AppendText(make([]byte, 0, explanationSize), keyHash)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is this string's alone: nothing writes it again
}

// AppendText appends Text(keyHash) to dst and returns the extended
// buffer, for a caller that renders the explanation into a buffer of its
// own (the request's log line) instead of a string. It reads e only.
func (e *Explanation) AppendText(dst []byte, keyHash string) []byte {
	b := strconv.AppendInt(dst, int64(e.Status), 10)
	b = append(b, ' ')
	if e.Failure != "" {
		b = append(b, e.Failure...)
	} else {
		b = e.appendDecision(b)
	}
	if keyHash != "" {
		b = appendAll(b, " (key ", keyHash, ")")
	}
	return b
}

// appendDecision explains a policy's decision (or a simple response's
// verdict). The method ARN is parsed once, for both the request's short
// ARN and the trailing-slash note.
func (e *Explanation) appendDecision(b []byte) []byte {
	if e.simple {
		return e.appendVerdict(b)
	}
	b = appendAll(b, e.Decision.Effect.String(), ": ")
	b = e.appendProvenance(b, "policy")
	b = e.appendReason(append(b, ' '))
	b = append(b, "; this request is "...)
	m, err := arn.Parse(e.MethodARN)
	if err != nil {
		return append(append(b, e.MethodARN...), e.Decision.FailClosedNote()...)
	}
	b = appendAll(b, ".../", m.Stage, "/", m.Method, "/", m.Path, e.Decision.FailClosedNote())
	return appendSlashNote(b, m, e.Decision, e.evaluate)
}

// SlashNote explains, when it matters, that the method ARN keeps the
// request path's trailing slashes, as AWS builds it (P-1): a policy
// written for ".../GET/admin" says nothing about ".../GET/admin/", so a
// Deny of the first does not cover the second (narrower than its author
// probably meant) and a cached exact Allow does not allow it (C-8 step 4).
// It returns "" when the ARN has no trailing slash beyond the root's, or
// when evaluate gives the same effect without them; otherwise
// "; without its trailing slash, .../prod/GET/admin would be explicit deny
// by statement 1 (P-1: AWS keeps the slash in the method ARN)".
func SlashNote(methodARN string, d policy.Decision, evaluate func(methodARN string) policy.Decision) string {
	m, err := arn.Parse(methodARN)
	if err != nil {
		return ""
	}
	return string(appendSlashNote(nil, m, d, evaluate))
}

// appendSlashNote appends SlashNote of the parsed method ARN m.
func appendSlashNote(b []byte, m arn.MethodARN, d policy.Decision, evaluate func(methodARN string) policy.Decision) []byte {
	path := strings.TrimRight(m.Path, "/")
	if path == "" || path == m.Path {
		return b
	}
	m.Path = path
	other := evaluate(m.String())
	if other.Effect == d.Effect {
		return b
	}
	return appendAll(b, "; without its trailing slash, ", m.Short(), " would be ", other.String(),
		" (P-1: AWS keeps the slash in the method ARN)")
}

// CacheUnavailableNote starts the provenance of a decision taken while the
// cache could not answer.
const CacheUnavailableNote = "cache unavailable: decided by a fresh call"

// appendProvenance says where the policy (or the verdict: what) came from.
func (e *Explanation) appendProvenance(b []byte, what string) []byte {
	switch e.Cache {
	case CacheHit:
		b = appendAll(b, "cached ", what, " (from ", e.Source, " ")
		b = appendSeconds(b, e.Age())
		b = appendSeconds(append(b, " ago, ttl "...), e.TTL)
		return append(b, ')')
	case CacheShared:
		b = appendAll(b, what, " from a concurrent call for ", e.Source, " (ttl ")
		return append(appendSeconds(b, e.TTL), ')')
	case CacheOff:
		return appendAll(b, what, " from this request's call (not cached, ttl 0s)")
	case CacheUnavailable:
		return append(b, CacheUnavailableNote+" (not cached)"...)
	}
	b = appendAll(b, what, " from this request's call (cached for ")
	return append(appendSeconds(b, e.TTL), ')')
}

// appendReason names the deciding statement, or what the policy allows.
func (e *Explanation) appendReason(b []byte) []byte {
	if st := e.appendStatement(b); len(st) > len(b) {
		return st
	}
	allowed := e.Allowed()
	if len(allowed) == 0 {
		return append(b, "allows nothing (no statement matched)"...)
	}
	b = append(b, "allows only "...)
	for i, r := range allowed {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, r...)
	}
	return b
}

// Statement names the statement that decided ("statement 2 denies
// arn:..."); "" when none did (an implicit deny, a failure, or an HTTP API
// simple response). It implements record.Explainer.
func (e *Explanation) Statement() string { return string(e.appendStatement(nil)) }

// appendStatement appends Statement, when there is one.
func (e *Explanation) appendStatement(b []byte) []byte {
	d := e.Decision
	if e.simple || e.Failure != "" || d.Statement < 0 {
		return b
	}
	var verb string
	switch d.Effect {
	case policy.Allow:
		verb = " allows "
	case policy.ExplicitDeny:
		verb = " denies "
	default:
		return b
	}
	b = strconv.AppendInt(append(b, "statement "...), int64(d.Statement), 10)
	return appendAll(b, verb, patternOf(d))
}

// Allowed lists the resources the policy allows (nil without a policy).
// It implements record.Explainer.
func (e *Explanation) Allowed() []string {
	if e.policy == nil {
		return nil
	}
	return e.policy.AllowedResources()
}

func patternOf(d policy.Decision) string {
	if d.Pattern == "" {
		return "(NotResource)"
	}
	return d.Pattern
}

// explanationSize is room for a typical explanation: Text then grows its
// buffer at most once.
const explanationSize = 320

// The appenders below build the explanation in its one buffer, without
// intermediate strings: every request's log line renders it.

func appendAll(b []byte, parts ...string) []byte {
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func appendSeconds(b []byte, d time.Duration) []byte {
	return append(strconv.AppendInt(b, int64(d/time.Second), 10), 's')
}
