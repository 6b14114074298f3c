package e2e

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// codeTemplate serves a Node.js function written inline (InlineCode) and a
// Python function packaged as a local .zip (CodeUri: code.zip).
const codeTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: |
        const path = require('path');
        exports.handler = async (event) => ({statusCode: 200,
          body: JSON.stringify({lang: 'node', file: path.basename(__filename), path: event.path})});
      Events:
        E: {Type: Api, Properties: {Path: /inline, Method: get}}
  Zipped:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: code.zip
      Events:
        E: {Type: Api, Properties: {Path: /zipped, Method: get}}
`

// pythonZip is code.zip: a handler importing a module of a subfolder.
var pythonZip = map[string]string{
	"app.py": "import json\nfrom lib.greeting import greet\n\ndef handler(event, context):\n" +
		"    return {'statusCode': 200, 'body': json.dumps({'lang': 'python', 'msg': greet(), 'path': event['path']})}\n",
	"lib/greeting.py": "def greet():\n    return 'hello from the zip'\n",
}

// startIn runs apigw start-api in dir with its own user cache folder.
func startIn(t *testing.T, dir, cache string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"start-api", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
	return startProcess(t, cmd)
}

func writeZip(t *testing.T, path string, files map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	for name, body := range files {
		zf, err := w.Create(name)
		if err == nil {
			_, err = zf.Write([]byte(body))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCodeWhereUsersKeepIt: InlineCode runs on real node from index.js,
// and a .zip CodeUri runs on real python3 unpacked, both from the user
// cache folder, created 0700 (issue 9 item 4).
func TestCodeWhereUsersKeepIt(t *testing.T) {
	t.Parallel()
	dir, cache := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(codeTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	writeZip(t, filepath.Join(dir, "code.zip"), pythonZip)
	s := startIn(t, dir, cache, "template.yaml")
	var got struct{ Lang, File, Msg, Path string }
	r := s.get(t, "GET", "/inline")
	if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil || got.Lang != "node" || got.File != "index.js" || got.Path != "/inline" {
		t.Fatalf("InlineCode: got %d %s; want 200 from node running index.js", r.status, r.body)
	}
	r = s.get(t, "GET", "/zipped")
	if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil || got.Lang != "python" || got.Msg != "hello from the zip" {
		t.Fatalf("zip CodeUri: got %d %s; want 200 from python running app.py and its lib", r.status, r.body)
	}
	folders, _ := filepath.Glob(filepath.Join(cache, "apigw", "code", "*"))
	if len(folders) != 2 {
		t.Fatalf("code cache holds %v; want one inline and one unpacked folder", folders)
	}
	for _, p := range append(folders, filepath.Dir(folders[0])) {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v; want a 0700 folder", p, st.Mode().Perm(), err)
		}
	}
}

// sourceAndBuild is a SAM project: template.yaml serves /source, its
// build output /built; each function is inline Node.js.
func sourceAndBuild(t *testing.T, buildAge time.Duration) string {
	t.Helper()
	dir := t.TempDir()
	fn := `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({statusCode: 200, body: 'from PATH'});"
      Events:
        E: {Type: Api, Properties: {Path: /PATH, Method: get}}
`
	build := filepath.Join(dir, ".aws-sam", "build")
	if err := os.MkdirAll(build, 0o755); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for p, route := range map[string]string{filepath.Join(dir, "template.yaml"): "source", filepath.Join(build, "template.yaml"): "built"} {
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(fn, "PATH", route)), 0o644); err != nil {
			t.Fatal(err)
		}
		if route == "built" {
			if err := os.Chtimes(p, now.Add(buildAge), now.Add(buildAge)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// TestTemplateDiscovery: with no template given, start-api serves the
// build output found in its working folder and names it on its first line
// (with a hint when the source is newer); -t picks the source instead
// (issue 9 item 5, DESIGN section 1).
func TestTemplateDiscovery(t *testing.T) {
	t.Parallel()
	dir := sourceAndBuild(t, -time.Hour)
	s := startIn(t, dir, t.TempDir())
	if first := strings.SplitN(s.logText(), "\n", 2)[0]; first != "apigw: using template .aws-sam/build/template.yaml" {
		t.Fatalf("first line %q; want it to name the discovered build output", first)
	}
	if !s.hasLine(".aws-sam/build/template.yaml is older than template.yaml: run `sam build`") {
		t.Errorf("no hint that the build output is stale; log:\n%s", s.logText())
	}
	if r := s.get(t, "GET", "/built"); r.status != 200 || r.body != "from built" {
		t.Fatalf("GET /built: %d %q; want the build output's route", r.status, r.body)
	}
	if r := s.get(t, "GET", "/source"); r.status != 403 {
		t.Fatalf("GET /source: %d %q; want 403, the source template is not served", r.status, r.body)
	}
	src := startIn(t, dir, t.TempDir(), "-t", "template.yaml")
	if r := src.get(t, "GET", "/source"); r.status != 200 || r.body != "from source" {
		t.Fatalf("-t template.yaml, GET /source: %d %q; want the source template's route", r.status, r.body)
	}
	if strings.Contains(src.logText(), "using template") {
		t.Errorf("a template given with -t is named as discovered; log:\n%s", src.logText())
	}
}
