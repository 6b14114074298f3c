package authorizer

import (
	"strconv"
	"strings"
	"time"

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
	var b strings.Builder
	b.Grow(explanationSize)
	writeInt(&b, int64(e.Status))
	b.WriteByte(' ')
	if e.Failure != "" {
		b.WriteString(e.Failure)
	} else {
		e.writeDecision(&b)
	}
	if keyHash != "" {
		b.WriteString(" (key ")
		b.WriteString(keyHash)
		b.WriteByte(')')
	}
	return b.String()
}

func (e *Explanation) writeDecision(b *strings.Builder) {
	if e.simple {
		e.writeVerdict(b)
		return
	}
	b.WriteString(e.Decision.Effect.String())
	b.WriteString(": ")
	e.writeProvenance(b, "policy")
	b.WriteByte(' ')
	e.writeReason(b)
	b.WriteString("; this request is ")
	writeShortARN(b, e.MethodARN)
	b.WriteString(e.Decision.FailClosedNote())
	b.WriteString(SlashNote(e.MethodARN, e.Decision, e.evaluate))
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
	path := strings.TrimRight(m.Path, "/")
	if err != nil || path == "" || path == m.Path {
		return ""
	}
	m.Path = path
	other := evaluate(m.String())
	if other.Effect == d.Effect {
		return ""
	}
	return "; without its trailing slash, " + m.Short() + " would be " + other.String() +
		" (P-1: AWS keeps the slash in the method ARN)"
}

// CacheUnavailableNote starts the provenance of a decision taken while the
// cache could not answer.
const CacheUnavailableNote = "cache unavailable: decided by a fresh call"

// writeProvenance says where the policy (or the verdict: what) came from.
func (e *Explanation) writeProvenance(b *strings.Builder, what string) {
	switch e.Cache {
	case CacheHit:
		writeAll(b, "cached ", what, " (from ", e.Source, " ")
		writeSeconds(b, e.Age())
		b.WriteString(" ago, ttl ")
		writeSeconds(b, e.TTL)
		b.WriteByte(')')
	case CacheShared:
		b.WriteString(what + " from a concurrent call for " + e.Source + " (ttl " + seconds(e.TTL) + ")")
	case CacheOff:
		b.WriteString(what + " from this request's call (not cached, ttl 0s)")
	case CacheUnavailable:
		b.WriteString(CacheUnavailableNote + " (not cached)")
	default:
		b.WriteString(what + " from this request's call (cached for " + seconds(e.TTL) + ")")
	}
}

// writeReason names the deciding statement, or what the policy allows.
func (e *Explanation) writeReason(b *strings.Builder) {
	if st := e.Statement(); st != "" {
		b.WriteString(st)
		return
	}
	allowed := e.Allowed()
	if len(allowed) == 0 {
		b.WriteString("allows nothing (no statement matched)")
		return
	}
	b.WriteString("allows only " + strings.Join(allowed, ", "))
}

// Statement names the statement that decided ("statement 2 denies
// arn:..."); "" when none did (an implicit deny, a failure, or an HTTP API
// simple response). It implements record.Explainer.
func (e *Explanation) Statement() string {
	d := e.Decision
	if e.simple || e.Failure != "" || d.Statement < 0 {
		return ""
	}
	switch d.Effect {
	case policy.Allow:
		return "statement " + strconv.Itoa(d.Statement) + " allows " + patternOf(d)
	case policy.ExplicitDeny:
		return "statement " + strconv.Itoa(d.Statement) + " denies " + patternOf(d)
	}
	return ""
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

// writeShortARN writes ".../prod/GET/users" for a method ARN (the ARN
// itself when it does not parse).
func writeShortARN(b *strings.Builder, methodARN string) {
	m, err := arn.Parse(methodARN)
	if err != nil {
		b.WriteString(methodARN)
		return
	}
	writeAll(b, ".../", m.Stage, "/", m.Method, "/", m.Path)
}

func seconds(d time.Duration) string {
	return strconv.FormatInt(int64(d/time.Second), 10) + "s"
}

// explanationSize is room for a typical explanation: String then grows
// its builder once.
const explanationSize = 320

// The writers below build the explanation in its one buffer, without
// intermediate strings: every request's log line renders it.

func writeAll(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

func writeInt(b *strings.Builder, n int64) {
	var tmp [20]byte
	b.Write(strconv.AppendInt(tmp[:0], n, 10))
}

func writeSeconds(b *strings.Builder, d time.Duration) {
	writeInt(b, int64(d/time.Second))
	b.WriteByte('s')
}
