package e2e

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/authcache/redistest"
)

// replicaCall is one request to one of two replicas and what it must
// produce: status, body, the cache status its log line reports, and the
// authorizer calls each replica has made by then.
type replicaCall struct {
	name         string
	on           int // replica 0 or 1
	method, path string
	token        string
	wantStatus   int
	wantBody     string // "" skips
	wantCache    string
	wantCalls    [2]int
}

// TestReplicasShareRedis runs two apigw processes on the seed example with
// one Redis as their authorizer cache: one authorizer call across both
// within the TTL and the same 403 from both (C-8 across replicas); with
// Redis stopped both keep answering, each decision from a fresh call, none
// from the cache; with Redis restarted caching resumes, no restart of
// apigw.
func TestReplicasShareRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	args := []string{"../examples/seed/template.yaml", "--auth-cache", srv.URL(), "--auth-cache-timeout", "10s"}
	replicas := [2]*server{startAPI(t, args...), startAPI(t, args...)}
	const exact = "ExactArnAuthFunction"
	run := func(calls []replicaCall) {
		t.Helper()
		for _, c := range calls {
			s := replicas[c.on]
			r := s.get(t, c.method, c.path, "Authorization", c.token)
			if r.status != c.wantStatus || (c.wantBody != "" && r.body != c.wantBody) {
				t.Fatalf("%s: %s %s on replica %d: got %d %s; want %d %s\nlog:\n%s", c.name, c.method, c.path, c.on, r.status, r.body, c.wantStatus, c.wantBody, s.logText())
			}
			if line := s.lineWith("requestId=" + r.header.Get("x-amzn-RequestId")); !strings.Contains(line, " cache="+c.wantCache+" ") {
				t.Fatalf("%s: got log line %q; want cache=%s", c.name, line, c.wantCache)
			}
			if got := [2]int{replicas[0].starts(exact), replicas[1].starts(exact)}; got != c.wantCalls {
				t.Fatalf("%s: got %v authorizer calls on the replicas; want %v", c.name, got, c.wantCalls)
			}
		}
	}
	run([]replicaCall{
		{"C-8 first request on A: allowed", 0, "GET", "/exact/pets", "allow", 200, "", "miss", [2]int{1, 0}},
		{"C-8 B denies another path from A's cached policy", 1, "GET", "/exact/users", "allow", 403, bodyImplicitDeny, "hit", [2]int{1, 0}},
		{"C-8 A gives the same 403", 0, "GET", "/exact/users", "allow", 403, bodyImplicitDeny, "hit", [2]int{1, 0}},
		{"C-8 B: same path, other verb", 1, "POST", "/exact/pets", "allow", 403, bodyImplicitDeny, "hit", [2]int{1, 0}},
	})
	srv.Stop()
	run([]replicaCall{
		// The wildcard authorizer has nothing cached: this request has to reach Redis and sees it gone.
		{"Redis down: B answers from a fresh call", 1, "GET", "/fixed/pets", "allow", 200, "", "unavailable", [2]int{1, 0}},
		{"Redis down: B's cached 403 is not used; a fresh call allows", 1, "GET", "/exact/users", "allow", 200, "", "unavailable", [2]int{1, 1}},
		{"Redis down: and again (nothing was cached)", 1, "GET", "/exact/users", "allow", 200, "", "unavailable", [2]int{1, 2}},
		{"Redis down: A answers too", 0, "GET", "/exact/pets", "allow", 200, "", "unavailable", [2]int{2, 2}},
	})
	srv.Restart()
	run([]replicaCall{
		{"Redis back: A caches again", 0, "GET", "/exact/pets", "allow", 200, "", "miss", [2]int{3, 2}},
		{"Redis back: B is served A's policy", 1, "GET", "/exact/users", "allow", 403, bodyImplicitDeny, "hit", [2]int{3, 2}},
	})
}

// lineWith is the last log line containing substr, "" if none.
func (s *server) lineWith(substr string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.log) - 1; i >= 0; i-- {
		if strings.Contains(s.log[i], substr) {
			return s.log[i]
		}
	}
	return ""
}

// TestRedisTLS: --auth-cache rediss:// reaches a TLS-only Redis whose
// certificate a private CA signed (trusted through SSL_CERT_FILE), and
// caches there.
func TestRedisTLS(t *testing.T) {
	t.Parallel()
	srv := redistest.StartTLS(t)
	cmd := exec.Command(binary, "start-api", "--addr", "127.0.0.1:0", "../examples/seed/template.yaml",
		"--auth-cache", srv.URL(), "--auth-cache-timeout", "10s")
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+srv.CAFile)
	s := startProcess(t, cmd)
	for i, want := range []string{"miss", "hit"} {
		r := s.get(t, "GET", "/fixed/pets", "Authorization", "allow")
		line := s.lineWith("requestId=" + r.header.Get("x-amzn-RequestId"))
		if r.status != 200 || !strings.Contains(line, " cache="+want+" ") {
			t.Fatalf("request %d over TLS: got %d, log line %q; want 200, cache=%s\nlog:\n%s", i, r.status, line, want, s.logText())
		}
	}
}

// TestRedisTLSUntrusted: a Redis certificate that does not verify stops
// start-api (exit 2) with the reason, rather than running uncached.
func TestRedisTLSUntrusted(t *testing.T) {
	t.Parallel()
	srv := redistest.StartTLS(t)
	out, err := exec.Command(binary, "start-api", "--addr", "127.0.0.1:0", "../examples/seed/template.yaml",
		"--auth-cache", srv.URL()).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "certificate") {
		t.Fatalf("untrusted certificate: got %v\n%s\nwant exit 2 naming the certificate", err, out)
	}
}
