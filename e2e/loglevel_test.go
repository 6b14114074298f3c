package e2e

import (
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// TestLogLevelWarnDropsRequestLines: --log-level warn leaves out apigw's
// line per request (an operator's choice, as nginx's access_log off) but
// not what functions print, nor the refusal of a bad level.
func TestLogLevelWarnDropsRequestLines(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "../examples/seed/template.yaml", "--log-level", "warn")
	// Not s.get: it waits for the request line this level leaves out.
	for _, c := range []struct {
		path string
		want int
	}{{"/exact/pets", 200}, {"/exact/users", 403}} {
		req, err := http.NewRequest("GET", s.url+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "allow")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("GET %s: status %d, want %d", c.path, resp.StatusCode, c.want)
		}
	}
	s.stop()
	s.waitFor(func() bool { return false }) // until the log ends (the process is gone): every line is in
	if s.hasLine("msg=request") {
		t.Errorf("--log-level warn: a request line was logged:\n%s", s.logText())
	}
	if !s.hasLine("START RequestId:") {
		t.Errorf("--log-level warn: the functions' START lines are missing:\n%s", s.logText())
	}
}

func TestLogLevelRefusesUnknownLevel(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(binary, "start-api", "--log-level", "loud", "../examples/seed/template.yaml").CombinedOutput()
	if err == nil || !strings.Contains(string(out), `invalid value "loud" for flag -log-level`) {
		t.Fatalf("--log-level loud: err %v, output:\n%s", err, out)
	}
}
