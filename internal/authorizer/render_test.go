package authorizer

import (
	"strings"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/policy"
)

// explainCases are explanations of every shape the renderer knows, with
// the text String gave before it appended into a byte buffer (pinned
// from the strings.Builder renderer, so a change of renderer cannot change
// a byte of what logs, the admin API and the dashboard show).
func explainCases(t testing.TB) []struct {
	name string
	ex   *Explanation
	want string // Text("k3yh4sh")
	stmt string // Statement()
} {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	pol := mustPolicy(t, `{"Version":"2012-10-17","Statement":[`+
		`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"`+apiBase+`/prod/GET/pets"},`+
		`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"`+apiBase+`/prod/GET/admin"},`+
		`{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"`+apiBase+`/prod/POST/*"}]}`)
	hit := func(m string, d policy.Decision, status int) *Explanation {
		return &Explanation{Status: status, Cache: CacheHit, Source: "GET /pets", StoredAt: at.Add(-12 * time.Second),
			TTL: 300 * time.Second, At: at, MethodARN: apiBase + m, Decision: d, policy: pol}
	}
	with := func(e *Explanation, f func(*Explanation)) *Explanation { f(e); return e }
	allow := policy.Decision{Effect: policy.Allow, Statement: 0, Pattern: apiBase + "/prod/GET/pets"}
	implicit := policy.Decision{Effect: policy.ImplicitDeny, Statement: -1}
	deny := policy.Decision{Effect: policy.ExplicitDeny, Statement: 1, Pattern: apiBase + "/prod/GET/admin"}
	return []struct {
		name string
		ex   *Explanation
		want string
		stmt string
	}{
		{"hit, allow by a statement", hit("/prod/GET/pets", allow, 200),
			"200 allow: cached policy (from GET /pets 12s ago, ttl 300s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"hit, implicit deny lists what is allowed", hit("/prod/GET/users", implicit, 403),
			"403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only " + apiBase + "/prod/GET/pets, " + apiBase + "/prod/POST/*; this request is .../prod/GET/users (key k3yh4sh)",
			""},
		{"hit, explicit deny", hit("/prod/GET/admin", deny, 403),
			"403 explicit deny: cached policy (from GET /pets 12s ago, ttl 300s) statement 1 denies " + apiBase + "/prod/GET/admin; this request is .../prod/GET/admin (key k3yh4sh)",
			"statement 1 denies " + apiBase + "/prod/GET/admin"},
		{"hit, NotResource", hit("/prod/GET/x", policy.Decision{Effect: policy.Allow, Statement: 2}, 200),
			"200 allow: cached policy (from GET /pets 12s ago, ttl 300s) statement 2 allows (NotResource); this request is .../prod/GET/x (key k3yh4sh)",
			"statement 2 allows (NotResource)"},
		{"fail-closed Condition, allow guarded", hit("/prod/GET/pets", policy.Decision{Effect: policy.ImplicitDeny, Statement: -1,
			FailClosed: "aws:PrincipalAccount", Guarded: 0}, 403),
			"403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only " + apiBase + "/prod/GET/pets, " + apiBase + "/prod/POST/*; this request is .../prod/GET/pets; statement 0's Condition is not evaluated (aws:PrincipalAccount): its Allow does not apply (fail closed) (key k3yh4sh)",
			""},
		{"fail-closed Condition, deny applies", hit("/prod/GET/admin", with2(deny, "aws:SourceVpc"), 403),
			"403 explicit deny: cached policy (from GET /pets 12s ago, ttl 300s) statement 1 denies " + apiBase + "/prod/GET/admin; this request is .../prod/GET/admin; its Condition is not evaluated (aws:SourceVpc): the Deny applies (fail closed) (key k3yh4sh)",
			"statement 1 denies " + apiBase + "/prod/GET/admin"},
		{"P-1 trailing slash note", hit("/prod/GET/pets/", implicit, 403),
			"403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only " + apiBase + "/prod/GET/pets, " + apiBase + "/prod/POST/*; this request is .../prod/GET/pets/; without its trailing slash, .../prod/GET/pets would be allow by statement 0 (" + apiBase + "/prod/GET/pets) (P-1: AWS keeps the slash in the method ARN) (key k3yh4sh)",
			""},
		{"a policy that allows nothing", with(hit("/prod/GET/pets", implicit, 403), func(e *Explanation) { e.policy = nil }),
			"403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows nothing (no statement matched); this request is .../prod/GET/pets (key k3yh4sh)",
			""},
		{"shared", with(hit("/prod/GET/pets", allow, 200), func(e *Explanation) { e.Cache = CacheShared }),
			"200 allow: policy from a concurrent call for GET /pets (ttl 300s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"off", with(hit("/prod/GET/pets", allow, 200), func(e *Explanation) { e.Cache, e.TTL = CacheOff, 0 }),
			"200 allow: policy from this request's call (not cached, ttl 0s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"unavailable", with(hit("/prod/GET/pets", allow, 200), func(e *Explanation) { e.Cache = CacheUnavailable }),
			"200 allow: cache unavailable: decided by a fresh call (not cached) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"miss", with(hit("/prod/GET/pets", allow, 200), func(e *Explanation) { e.Cache = CacheMiss }),
			"200 allow: policy from this request's call (cached for 300s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"a future store time is age 0", with(hit("/prod/GET/pets", allow, 200), func(e *Explanation) { e.StoredAt = at.Add(time.Hour) }),
			"200 allow: cached policy (from GET /pets 0s ago, ttl 300s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is .../prod/GET/pets (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"401", &Explanation{Status: 401, At: at, MethodARN: apiBase + "/prod/GET/pets",
			Failure: "unauthorized: identity source Authorization is missing; function not invoked"},
			"401 unauthorized: identity source Authorization is missing; function not invoked (key k3yh4sh)",
			""},
		{"500", &Explanation{Status: 500, Cache: CacheMiss, At: at, MethodARN: apiBase + "/prod/GET/pets",
			Failure: `authorizer configuration error: the function failed with string "Error: Invalid token" (O-8)`},
			"500 authorizer configuration error: the function failed with string \"Error: Invalid token\" (O-8) (key k3yh4sh)",
			""},
		{"a method ARN that does not parse", hit("", allow, 200),
			"200 allow: cached policy (from GET /pets 12s ago, ttl 300s) statement 0 allows " + apiBase + "/prod/GET/pets; this request is " + apiBase + " (key k3yh4sh)",
			"statement 0 allows " + apiBase + "/prod/GET/pets"},
		{"a path with quotes, backslashes and non-ASCII", hit(`/prod/GET/p"é\x`, implicit, 403),
			"403 implicit deny: cached policy (from GET /pets 12s ago, ttl 300s) allows only " + apiBase + "/prod/GET/pets, " + apiBase + "/prod/POST/*; this request is .../prod/GET/p\"é\\x (key k3yh4sh)",
			""},
		{"HTTP API simple allow, cached", with(hit("/$default/GET/pets", allow, 200), func(e *Explanation) { e.simple, e.policy = true, nil }),
			"200 allow: isAuthorized true, cached verdict (from GET /pets 12s ago, ttl 300s); a cached verdict answers every route of this authorizer with the same identity values (V-6) (key k3yh4sh)",
			""},
		{"HTTP API simple deny, miss", with(hit("/$default/GET/pets", deny, 403), func(e *Explanation) {
			e.simple, e.policy, e.Cache = true, nil, CacheMiss
		}),
			"403 deny: isAuthorized false, verdict from this request's call (cached for 300s) (key k3yh4sh)",
			""},
	}
}

func with2(d policy.Decision, failClosed string) policy.Decision {
	d.FailClosed = failClosed
	return d
}

func mustPolicy(t testing.TB, doc string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("policy.Parse: %v", err)
	}
	return p
}

// TestExplanationRendering: Text, String, AppendText and Statement give
// exactly the text the strings.Builder renderer gave, for every shape of
// explanation, with and without the key hash.
func TestExplanationRendering(t *testing.T) {
	t.Parallel()
	for _, c := range explainCases(t) {
		t.Run(c.name, func(t *testing.T) {
			if got := c.ex.Text("k3yh4sh"); got != c.want {
				t.Errorf("Text:\n got %q\nwant %q", got, c.want)
			}
			noKey := strings.TrimSuffix(c.want, " (key k3yh4sh)")
			if got := c.ex.Text(""); got != noKey {
				t.Errorf("Text without a key:\n got %q\nwant %q", got, noKey)
			}
			if got := c.ex.String(); got != noKey { // no cache key: no hash
				t.Errorf("String:\n got %q\nwant %q", got, noKey)
			}
			if got := string(c.ex.AppendText([]byte("prefix "), "k3yh4sh")); got != "prefix "+c.want {
				t.Errorf("AppendText:\n got %q\nwant %q", got, "prefix "+c.want)
			}
			if got := c.ex.Statement(); got != c.stmt {
				t.Errorf("Statement: got %q; want %q", got, c.stmt)
			}
		})
	}
}
