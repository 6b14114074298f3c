package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// layerTemplate serves a Python function whose module comes from a SAM
// layer folder, a Node function whose module comes from a Lambda layer
// packaged as a .zip, and a function using a layer of another account.
const layerTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  PyLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: pylayer, CompatibleRuntimes: [python3.12]}
  NodeLayer:
    Type: AWS::Lambda::LayerVersion
    Properties: {Content: nodelayer.zip}
  Py:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: py
      Layers: [!Ref PyLayer]
      Events:
        E: {Type: Api, Properties: {Path: /py, Method: get}}
  Node:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: |
        const { greet } = require('greeter');
        exports.handler = async () => ({statusCode: 200, body: JSON.stringify({msg: greet()})});
      Layers: [!Ref NodeLayer]
      Events:
        E: {Type: Api, Properties: {Path: /node, Method: get}}
  Remote:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({statusCode: 200, body: 'ran'});"
      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:3]
      Events:
        E: {Type: Api, Properties: {Path: /remote, Method: get}}
`

// layerProject writes the template, its Python code and layer folder and
// its Node layer archive into a new folder.
func layerProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"template.yaml": layerTemplate,
		"py/app.py": "import json, logging\nfrom shared.greeting import greet\n\n" +
			"logging.basicConfig(level=logging.DEBUG, format='BASIC %(message)s')\n" +
			"logging.getLogger().setLevel(logging.INFO)\n\ndef handler(event, context):\n" +
			"    logging.info('logged-by-python')\n" +
			"    return {'statusCode': 200, 'body': json.dumps({'msg': greet()})}\n",
		"pylayer/python/shared/__init__.py": "",
		"pylayer/python/shared/greeting.py": "def greet():\n    return 'hello from the python layer'\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeZip(t, filepath.Join(dir, "nodelayer.zip"), map[string]string{
		"nodejs/node_modules/greeter/index.js": "exports.greet = () => 'hello from the node layer';\n",
	})
	return dir
}

// TestFunctionsLoadTheirLayers: a Python function imports a module of its
// layer (python/), a Node function requires one (nodejs/node_modules,
// from a .zip), through the built binary; a layer of another account
// leaves the rest served and its function's route failing closed (issue
// 12 item 2).
func TestFunctionsLoadTheirLayers(t *testing.T) {
	t.Parallel()
	s := startIn(t, layerProject(t), t.TempDir(), "template.yaml")
	for path, want := range map[string]string{"/py": "hello from the python layer", "/node": "hello from the node layer"} {
		var got struct{ Msg string }
		r := s.get(t, "GET", path)
		if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil || got.Msg != want {
			t.Errorf("%s: got %d %s; want 200 with %q", path, r.status, r.body, want)
		}
	}
	pythonLogsAsLambda(t, s)
	if r := s.get(t, "GET", "/remote"); r.status == 200 || r.body == "ran" {
		t.Errorf("/remote: got %d %s; want it to fail closed (its layer is not in the template)", r.status, r.body)
	}
	if !s.hasLine("layers from other accounts or stacks (arn:aws:lambda:us-east-1:123456789012:layer:shared:3)") {
		t.Errorf("log does not name the remote layer:\n%s", s.logText())
	}
}

// pythonLogsAsLambda: the /py function's logging.info, after
// setLevel(INFO), printed in Lambda's format, and its basicConfig did
// nothing (issue 12 item 3).
func pythonLogsAsLambda(t *testing.T, s *server) {
	t.Helper()
	// Output is logged before its invocation's END line.
	s.waitFor(func() bool { return s.hasLineLocked("[Py] END RequestId") })
	line := regexp.MustCompile(`\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[0-9a-f-]{36}\tlogged-by-python`)
	if !line.MatchString(s.logText()) || s.hasLine("BASIC") {
		t.Errorf("want logging.info in Lambda's format and no basicConfig output; log:\n%s", s.logText())
	}
}

// TestReloadLayerArchive: rewriting a layer's .zip reloads the template
// (the archive is unpacked again) and the function then runs the new
// layer, as a change to a function's own .zip does.
func TestReloadLayerArchive(t *testing.T) {
	t.Parallel()
	dir := layerProject(t)
	s := startIn(t, dir, t.TempDir(), "template.yaml")
	if r := s.get(t, "GET", "/node"); r.status != 200 || !strings.Contains(r.body, "hello from the node layer") {
		t.Fatalf("before: got %d %s", r.status, r.body)
	}
	writeZip(t, filepath.Join(dir, "nodelayer.zip"), map[string]string{
		"nodejs/node_modules/greeter/index.js": "exports.greet = () => 'hello from layer v2';\n",
	})
	s.waitLines("apigw: reloaded: template (nodelayer.zip changed)", 1)
	if r := s.get(t, "GET", "/node"); r.status != 200 || !strings.Contains(r.body, "hello from layer v2") {
		t.Fatalf("after rewriting nodelayer.zip: got %d %s; want the new layer's greeting", r.status, r.body)
	}
}
