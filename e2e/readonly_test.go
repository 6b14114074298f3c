package e2e

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
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
  const got = {relative: attempt('out.txt'), absolute: attempt(path.join(process.env.LAMBDA_TASK_ROOT, 'abs.txt')),
    tmp: attempt(path.join(dir, 'tmp.txt'))};
  fs.rmSync(dir, {recursive: true});
  return {statusCode: 200, body: JSON.stringify(got)};
};
`

const pyWriter = `import errno, json, os, shutil, tempfile

def attempt(p):
    try:
        with open(p, 'w') as f:
            f.write('x')
        return 'ok'
    except OSError as e:
        return errno.errorcode[e.errno]

def handler(event, context):
    d = tempfile.mkdtemp()
    got = {'relative': attempt('out.txt'), 'absolute': attempt(os.path.join(os.environ['LAMBDA_TASK_ROOT'], 'abs.txt')),
        'tmp': attempt(os.path.join(d, 'tmp.txt'))}
    shutil.rmtree(d)
    return {'statusCode': 200, 'body': json.dumps(got)}
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
	writeReadOnlyProject(t, dir)
	expectReadOnly(t, startIn(t, dir, t.TempDir(), "template.yaml"), dir)
}

// TestFunctionCodeIsReadOnlyWithoutRoot: apigw run by an unprivileged user
// (nobody) gives each function a user namespace of its own in which its
// code is read-only, unless the system refuses one, which apigw then says.
func TestFunctionCodeIsReadOnlyWithoutRoot(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("needs root to run apigw as another, unprivileged user")
	}
	const nobody = 65534
	dir, err := os.MkdirTemp("", "apigw-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	writeReadOnlyProject(t, dir)
	bin := filepath.Join(dir, "apigw")
	copyFile(t, binary, bin)
	chownTree(t, dir, nobody)
	cmd := exec.Command(bin, "start-api", "--addr", "127.0.0.1:0", "template.yaml")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	s := startProcess(t, cmd)
	if !mountsInUserNamespace(t, dir, nobody) {
		if !s.hasLine("with no user namespace from this system") {
			t.Errorf("this system gives nobody no user namespace to mount in, and apigw's start note does not say functions can write their code:\n%s", s.logText())
		}
		t.Skip("this system gives unprivileged users no user namespace to mount in (unshare says so); apigw says so too")
	}
	expectReadOnly(t, s, dir)
}

// mountsInUserNamespace asks util-linux's unshare, not apigw, whether uid
// may bind-mount dir in a user namespace of its own: the system's answer
// apigw's start must agree with.
func mountsInUserNamespace(t *testing.T, dir string, uid int) bool {
	t.Helper()
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("unshare (util-linux) is not installed: cannot tell whether this system gives users a user namespace")
	}
	cmd := exec.Command(unshare, "--user", "--map-root-user", "--mount", "mount", "--bind", dir, dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	return cmd.Run() == nil
}

func writeReadOnlyProject(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "template.yaml"), readOnlyTemplate)
	writeFile(t, filepath.Join(dir, "node", "app.js"), nodeWriter)
	writeFile(t, filepath.Join(dir, "py", "app.py"), pyWriter)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// chownTree gives dir and everything in it to uid (its group too).
func chownTree(t *testing.T, dir string, uid int) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, uid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// expectReadOnly checks what the project's two functions could write.
func expectReadOnly(t *testing.T, s *server, dir string) {
	t.Helper()
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
