package e2e

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// readOnlyTemplate serves a Node and a Python function that each try to
// write beside their code (by a relative and an absolute path) and in
// /tmp, and answer with what each write did.
const readOnlyTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  NodeWriter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: node
      Events:
        E: {Type: Api, Properties: {Path: /node, Method: get}}
  PyWriter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: py
      Events:
        E: {Type: Api, Properties: {Path: /py, Method: get}}
`

const nodeWriter = `const fs = require('fs'), os = require('os'), path = require('path');
const attempt = (p) => { try { fs.writeFileSync(p, 'x'); return 'ok'; } catch (e) { return e.code; } };
exports.handler = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w-'));
  return {statusCode: 200, body: JSON.stringify({relative: attempt('out.txt'),
    absolute: attempt(path.join(process.env.LAMBDA_TASK_ROOT, 'abs.txt')), tmp: attempt(path.join(dir, 'tmp.txt'))})};
};
`

const pyWriter = `import errno, json, os, tempfile

def attempt(p):
    try:
        with open(p, 'w') as f:
            f.write('x')
        return 'ok'
    except OSError as e:
        return errno.errorcode[e.errno]

def handler(event, context):
    d = tempfile.mkdtemp()
    return {'statusCode': 200, 'body': json.dumps({'relative': attempt('out.txt'),
        'absolute': attempt(os.path.join(os.environ['LAMBDA_TASK_ROOT'], 'abs.txt')),
        'tmp': attempt(os.path.join(d, 'tmp.txt'))})}
`

// TestFunctionCodeIsReadOnly: as root a Node and a Python function cannot
// write beside their code, as on Lambda (/var/task is read-only): EROFS,
// by a relative path too; /tmp is writable; nothing lands in the code
// folder, so hot reload has nothing to react to.
func TestFunctionCodeIsReadOnly(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("not root: functions get no mount namespace and can write their code folder (README)")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "template.yaml"), readOnlyTemplate)
	writeFile(t, filepath.Join(dir, "node", "app.js"), nodeWriter)
	writeFile(t, filepath.Join(dir, "py", "app.py"), pyWriter)
	s := startIn(t, dir, t.TempDir(), "template.yaml")
	want := map[string]string{"relative": "EROFS", "absolute": "EROFS", "tmp": "ok"}
	for _, fn := range []string{"node", "py"} {
		r := s.get(t, "GET", "/"+fn)
		var got map[string]string
		if r.status != 200 || json.Unmarshal([]byte(r.body), &got) != nil || !maps.Equal(got, want) {
			t.Errorf("/%s: got %d %s; want 200 with %v", fn, r.status, r.body, want)
		}
		for _, name := range []string{"out.txt", "abs.txt"} {
			if _, err := os.Stat(filepath.Join(dir, fn, name)); !os.IsNotExist(err) {
				t.Errorf("%s/%s exists after the function's write (stat: %v)", fn, name, err)
			}
		}
	}
}
