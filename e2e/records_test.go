package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// accessLine is the JSON access log format TestAccessLogOfSeed writes.
const accessJSON = `{"requestId":"$context.requestId","status":"$context.status","route":"$context.routeKey",` +
	`"fnRequest":"$context.integration.requestId","principal":"$context.authorizer.principalId",` +
	`"errorType":"$context.error.responseType","caller":"$context.identity.caller"}`

// TestAccessLogOfSeed runs the seed with a JSON access log in a file and
// reads back one line per request, rendered from its record: the Lambda
// integration's request id on the allowed request, the cached 403's error
// type, '-' for what the request has not.
func TestAccessLogOfSeed(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "access.log")
	s := startAPI(t, "../examples/seed/template.yaml", "--access-log", file, "--access-log-format", accessJSON)
	allowed := s.get(t, "GET", "/exact/pets", auth("allow")...)
	denied := s.get(t, "GET", "/exact/users", auth("allow")...)
	if allowed.status != 200 || denied.status != 403 {
		t.Fatalf("statuses %d, %d; want 200, 403", allowed.status, denied.status)
	}
	lines := readAccessLog(t, file)
	a, d := lines[allowed.header.Get("x-amzn-RequestId")], lines[denied.header.Get("x-amzn-RequestId")]
	if a["status"] != "200" || a["route"] != "ANY /exact/{proxy+}" || len(a["fnRequest"]) != 36 || a["principal"] == "-" ||
		a["errorType"] != "-" || a["caller"] != "-" {
		t.Errorf("allowed request's line: %v", a)
	}
	if d["status"] != "403" || d["errorType"] != "ACCESS_DENIED" || d["fnRequest"] != "-" {
		t.Errorf("cached 403's line: %v", d)
	}
}

// readAccessLog reads a JSON access log by request id.
func readAccessLog(t *testing.T, file string) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]string
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("access log line %q: %v", l, err)
		}
		out[m["requestId"]] = m
	}
	return out
}

// TestStageAccessLogToStdout serves the seed with the stage's own
// AccessLogSetting.Format (no flag): its lines go to stdout.
func TestStageAccessLogToStdout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := filepath.Abs("../examples/seed/src")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := os.ReadFile("../examples/seed/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(tpl), "CodeUri: src/", "CodeUri: "+src, 1)
	body = strings.Replace(body, "      StageName: prod\n",
		"      StageName: prod\n      AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn, Format: '$context.requestId,$context.status,$context.resourcePath,$context.identity.caller'}\n", 1)
	body += "  Logs: {Type: AWS::Logs::LogGroup}\n"
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(binary, "start-api", "--addr", "127.0.0.1:0", path)
	cmd.Stdout = out
	s := startProcess(t, cmd)
	r := s.get(t, "GET", "/fixed/pets", auth("allow")...)
	b, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	want := r.header.Get("x-amzn-RequestId") + ",200,/fixed/{proxy+},-\n"
	if r.status != 200 || string(b) != want {
		t.Fatalf("status %d, stdout %q; want %q", r.status, b, want)
	}
}
