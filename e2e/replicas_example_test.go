package e2e

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// TestReplicasExample runs examples/replicas/run.sh (redis-server, two
// apigw replicas on the seed example, nginx round-robin) and replays the
// seed through nginx: one authorizer call across both replicas, then the
// same 403 whichever replica answers (C-8).
func TestReplicasExample(t *testing.T) {
	t.Parallel()
	needTools(t, "redis-server", "nginx")
	ports := freePorts(t, 4)
	cmd := exec.Command("bash", "../examples/replicas/run.sh", binary)
	// A generous Redis timeout: on a loaded CI machine the default 10 ms can
	// make Redis "unavailable", and a fresh call (correctly) decides instead of
	// the cached policy this test is about.
	cmd.Env = append(os.Environ(), "REDIS_PORT="+ports[0], "REPLICA_PORTS="+ports[1]+" "+ports[2], "PROXY_PORT="+ports[3], "AUTH_CACHE_TIMEOUT=2s")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: "http://127.0.0.1:" + ports[3]}
	s.changed = sync.NewCond(&s.mu)
	t.Cleanup(s.stop)
	go s.readLog(out, make(chan string, 1))
	s.waitFor(func() bool { return s.hasLineLocked("replicas ready on ") })
	if !s.hasLine("replicas ready on ") {
		t.Fatalf("run.sh did not get ready; output:\n%s", s.logText())
	}
	want := []struct {
		path   string
		status int
	}{{"/exact/pets", 200}, {"/exact/users", 403}, {"/exact/users", 403}, {"/exact/users", 403}, {"/exact/users", 403}}
	for i, w := range want {
		r := s.get(t, "GET", w.path, "Authorization", "allow") // returns once a replica logged it
		if r.status != w.status || (w.status == 403 && r.body != bodyImplicitDeny) {
			t.Fatalf("request %d, GET %s through nginx: got %d %s; want %d\noutput:\n%s", i, w.path, r.status, r.body, w.status, s.logText())
		}
	}
	if got := s.startsAnywhere("ExactArnAuthFunction"); got != 1 {
		t.Fatalf("authorizer calls across both replicas: got %d; want 1\noutput:\n%s", got, s.logText())
	}
	for _, replica := range []string{"[replica-0]", "[replica-1]"} {
		if !s.hasLine(replica + " time=") {
			t.Fatalf("%s served no request: nginx did not round-robin\noutput:\n%s", replica, s.logText())
		}
	}
}

// startsAnywhere counts START lines of function in prefixed output.
func (s *server) startsAnywhere(function string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, l := range s.log {
		if strings.Contains(l, "["+function+"] START RequestId:") {
			n++
		}
	}
	return n
}

// needTools fails under CI=true (.ci/run installs them) and skips
// elsewhere when a tool is missing.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err == nil {
			continue
		}
		if _, err := os.Stat("/usr/sbin/" + tool); err == nil {
			continue
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; .ci/run installs it", tool)
		}
		t.Skipf("%s is not installed (Debian: redis-server, nginx-light); under CI=true this test fails instead", tool)
	}
}

func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var ports []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		ports = append(ports, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	}
	return ports
}
