package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Hot reload (issue 12): handlers edited while apigw serves answer with
// the new code from the next request on, with no mix of old and new
// answers once the reload is in effect; template edits swap the API.

const reloadTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  NodeFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: node
      Events: {Api: {Type: Api, Properties: {Path: /node, Method: get}}}
  PyFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: py
      Events: {Api: {Type: Api, Properties: {Path: /py, Method: get}}}
  GoFn:
    Type: AWS::Serverless::Function
    Metadata: {BuildMethod: go1.x}
    Properties:
      Runtime: provided.al2023
      Handler: bootstrap
      CodeUri: gofn
      Events: {Api: {Type: Api, Properties: {Path: /go, Method: get}}}
`

// goHandler is a Go function with no dependencies (it speaks the Runtime
// API itself) answering %s.
const goHandler = `package main

import (
	"io"
	"net/http"
	"os"
	"strings"
)

const answer = ` + "`" + `{"statusCode":200,"body":"%s"}` + "`" + `

func main() {
	base := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
	for {
		resp, err := http.Get(base + "next")
		if err != nil {
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		r, err := http.Post(base+id+"/response", "application/json", strings.NewReader(answer))
		if err == nil {
			r.Body.Close()
		}
	}
}
`

// handlerKind is one runtime of the reload project: its function, route,
// handler file and the handler's source answering a given body.
type handlerKind struct {
	name, function, path, file string
	source                     func(body string) string
}

var handlerKinds = []handlerKind{
	{"node", "NodeFn", "/node", "node/app.js", func(b string) string {
		return fmt.Sprintf("exports.handler = async () => ({statusCode: 200, body: %q});\n", b)
	}},
	{"python", "PyFn", "/py", "py/app.py", func(b string) string {
		return fmt.Sprintf("def handler(event, context):\n    return {\"statusCode\": 200, \"body\": %q}\n", b)
	}},
	{"go", "GoFn", "/go", "gofn/main.go", func(b string) string { return fmt.Sprintf(goHandler, b) }},
}

// reloadProject writes the reload template and its three handlers
// answering "<kind> v1" into a new folder and returns the template.
func reloadProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "template.yaml"), reloadTemplate)
	writeFile(t, filepath.Join(dir, "gofn", "go.mod"), "module fn\n\ngo 1.22\n")
	for _, k := range handlerKinds {
		writeFile(t, filepath.Join(dir, k.file), k.source(k.name+" v1"))
	}
	return filepath.Join(dir, "template.yaml")
}

// save writes content to path as an editor's safe write does: a
// temporary file renamed over the old one, so no reader ever sees half of
// it. (An in-place write that a loaded machine splits by more than the
// debounce reloads twice, the first time with a partial file.)
func save(t *testing.T, path, content string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	writeFile(t, tmp, content)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lines counts the log lines holding substr.
func (s *server) lines(substr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.linesLocked(substr)
}

func (s *server) linesLocked(substr string) int {
	n := 0
	for _, l := range s.log {
		if strings.Contains(l, substr) {
			n++
		}
	}
	return n
}

// waitLines blocks until n lines hold substr (or the process is gone).
func (s *server) waitLines(substr string, n int) {
	s.waitFor(func() bool { return s.linesLocked(substr) >= n })
}

// fetch is a GET that reports failures instead of ending the test, for
// use off the test's goroutine.
func fetch(url string) (int, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// pollUntil sends GETs back to back until one answers want and returns
// the time since saved: the measurement of save-to-serve. A deadlock
// guard ends it.
func pollUntil(t *testing.T, url, want string, saved time.Time) time.Duration {
	t.Helper()
	for deadline := saved.Add(2 * time.Minute); time.Now().Before(deadline); {
		if _, body, err := fetch(url); err == nil && body == want {
			return time.Since(saved)
		}
	}
	t.Fatalf("GET %s never answered %q", url, want)
	return 0
}

func reloadLine(function string) string { return "apigw: reloaded: function " + function + " (" }

// TestReloadServesEditedHandlers: each handler edited while serving is
// answered with the new code; once its reload line is logged, the very
// next request gets it. The time from saving to the first new answer is
// logged (go test -v).
func TestReloadServesEditedHandlers(t *testing.T) {
	t.Parallel()
	tpl := reloadProject(t)
	s := startAPI(t, tpl)
	dir := filepath.Dir(tpl)
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			if r := s.get(t, "GET", k.path); r.body != k.name+" v1" {
				t.Fatalf("before the edit: got %d %q", r.status, r.body)
			}
			var took []time.Duration
			for i := 2; i <= 6; i++ {
				want := fmt.Sprintf("%s v%d", k.name, i)
				saved := time.Now()
				save(t, filepath.Join(dir, k.file), k.source(want))
				took = append(took, pollUntil(t, s.url+k.path, want, saved))
				s.waitLines(reloadLine(k.function), i-1)
				if r := s.get(t, "GET", k.path); r.body != want {
					t.Fatalf("after the reload line: got %d %q; want %q", r.status, r.body, want)
				}
			}
			t.Logf("%s: save to first new answer: %s", k.name, spread(took))
		})
	}
}

// spread is "median (min–max, n)" of ds.
func spread(ds []time.Duration) string {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	r := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	return fmt.Sprintf("median %v (min %v, max %v, %d edits)", r(ds[len(ds)/2]), r(ds[0]), r(ds[len(ds)-1]), len(ds))
}

// answer is one request of the load: when it was sent and answered, and
// what it got.
type answer struct {
	sent, got time.Time
	status    int
	body      string
	err       error
}

// load sends GETs to url from workers goroutines until stop is closed.
func load(url string, workers int, stop <-chan struct{}, sent *atomic.Int64) []answer {
	var mu sync.Mutex
	var all []answer
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				a := answer{sent: time.Now()}
				a.status, a.body, a.err = fetch(url)
				a.got = time.Now()
				sent.Add(1)
				mu.Lock()
				all = append(all, a)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return all
}

// TestReloadUnderLoadDoesNotMix: with requests running concurrently while
// a handler is edited, every request answers 200 with the old or the new
// answer, and every request sent after the reload line was read answers
// new: no warm process of the old code serves it. (Before the line, a
// process that happened to start after the save already runs the new
// code, so old and new answers may alternate until the reload is in
// effect; apigw learns of the save only then.)
func TestReloadUnderLoadDoesNotMix(t *testing.T) {
	t.Parallel()
	tpl := reloadProject(t)
	s := startAPI(t, tpl, "--max-concurrency", "4")
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) {
			old, want := k.name+" v1", k.name+" v2"
			var sent atomic.Int64
			stop := make(chan struct{})
			result := make(chan []answer, 1)
			go func() { result <- load(s.url+k.path, 6, stop, &sent) }()
			waitSent(&sent, 20) // warm processes serving the old code
			save(t, filepath.Join(filepath.Dir(tpl), k.file), k.source(want))
			s.waitLines(reloadLine(k.function), 1)
			lineRead := time.Now()
			waitSent(&sent, sent.Load()+60)
			close(stop)
			checkNoMix(t, <-result, lineRead, old, want)
		})
	}
}

// waitSent yields until the load has sent n requests.
func waitSent(sent *atomic.Int64, n int64) {
	for sent.Load() < n {
		runtime.Gosched()
	}
}

func checkNoMix(t *testing.T, all []answer, lineRead time.Time, old, want string) {
	t.Helper()
	olds, afterLine := 0, 0
	for _, a := range all {
		switch {
		case a.err != nil || a.status != 200 || (a.body != old && a.body != want):
			t.Errorf("during the reload: got %d %q %v; want 200 %q or %q", a.status, a.body, a.err, old, want)
		case a.sent.After(lineRead) && a.body != want:
			t.Errorf("request sent after the reload line answered %q", a.body)
		case a.body == old:
			olds++
		}
		if a.sent.After(lineRead) {
			afterLine++
		}
	}
	if olds == 0 || afterLine == 0 {
		t.Fatalf("%d old answers, %d requests after the reload line; want both > 0 (the load spanned the edit)", olds, afterLine)
	}
}

// TestReloadTemplate: a route added to the template is served once the
// reload line is logged; a broken edit keeps the previous version serving
// and logs the error start-api gives for that template.
func TestReloadTemplate(t *testing.T) {
	t.Parallel()
	tpl := reloadProject(t)
	s := startAPI(t, tpl)
	added := reloadTemplate + `  Node2:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: node
      Events: {Api: {Type: Api, Properties: {Path: /node2, Method: get}}}
`
	save(t, tpl, added)
	s.waitLines("apigw: reloaded: template (template.yaml changed)", 1)
	if r := s.get(t, "GET", "/node2"); r.status != 200 || r.body != "node v1" {
		t.Fatalf("added route: got %d %q; want 200 \"node v1\"", r.status, r.body)
	}
	broken := added + "  Broken: {Type: AWS::Serverless::Function, Properties: {Runtime: nodejs20.x, CodeUri: node}}\n"
	save(t, tpl, broken)
	s.waitLines("apigw: reload failed (template.yaml changed)", 1)
	for _, path := range []string{"/node", "/node2"} {
		if r := s.get(t, "GET", path); r.status != 200 || r.body != "node v1" {
			t.Errorf("%s after a broken edit: got %d %q; want the previous version's 200 \"node v1\"", path, r.status, r.body)
		}
	}
	atStart := startError(t, tpl)
	if s.lines(atStart) == 0 {
		t.Fatalf("the reload did not log start-api's error %q; log:\n%s", atStart, s.logText())
	}
}

// startError is the error line start-api prints for the template at path
// before it exits.
func startError(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(binary, "start-api", "--addr", "127.0.0.1:0", path).CombinedOutput()
	if err == nil {
		t.Fatalf("start-api %s started; want a template error", path)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "apigw: ") && strings.Contains(l, "Broken") {
			return l
		}
	}
	t.Fatalf("start-api %s: no error naming Broken:\n%s", path, out)
	return ""
}

// TestReloadTemplateLetsInFlightFinish: a request in flight when the
// template reloads is answered by the old version's process; requests
// after the reload line go to the new version's processes; the old
// version's process stops once its request is answered.
func TestReloadTemplateLetsInFlightFinish(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, f := range []string{"template.yaml", "src/hold.js"} {
		b, err := os.ReadFile(filepath.Join("testdata/shutdown", f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, f), string(b))
	}
	tpl := filepath.Join(dir, "template.yaml")
	s := startAPI(t, tpl)
	oldStream := streamOf(t, s.get(t, "GET", "/hold"))
	release := filepath.Join(dir, "release")
	held := make(chan error, 1)
	go func() {
		status, body, err := fetch(s.url + "/hold?until=" + release)
		if err == nil && (status != 200 || !strings.Contains(body, oldStream)) {
			err = fmt.Errorf("got %d %s; want 200 from the old process %s", status, body, oldStream)
		}
		held <- err
	}()
	s.waitFor(func() bool { return s.startsLocked("HoldFunction") == 2 })
	b, _ := os.ReadFile(tpl)
	save(t, tpl, string(b)+"# edited\n")
	s.waitLines("apigw: reloaded: template (template.yaml changed)", 1)
	if newStream := streamOf(t, s.get(t, "GET", "/hold")); newStream == oldStream {
		t.Fatalf("request after the reload line served by the old version's process %s", oldStream)
	}
	if len(processesOf(oldStream)) == 0 {
		t.Fatal("the old version's process stopped while its request was in flight")
	}
	writeFile(t, release, "")
	if err := <-held; err != nil {
		t.Fatalf("request in flight across the reload: %v", err)
	}
	for deadline := time.Now().Add(time.Minute); len(processesOf(oldStream)) > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("the old version's process %v outlives its last request", processesOf(oldStream))
		}
	}
}

const envTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  EnvFn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: node
      Environment: {Variables: {ANSWER: %s}}
      Events: {Api: {Type: Api, Properties: {Path: /env, Method: get}}}
`

// TestTemplateReloadUnderLoadDoesNotMix: the template changes what its
// function answers (an environment variable) while requests run; every
// request answers 200 with the old or new value, and every request sent
// after the reload line answers new: the swap is atomic.
func TestTemplateReloadUnderLoadDoesNotMix(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.yaml")
	writeFile(t, tpl, fmt.Sprintf(envTemplate, "old"))
	writeFile(t, filepath.Join(dir, "node", "app.js"), "exports.handler = async () => ({statusCode: 200, body: process.env.ANSWER});\n")
	s := startAPI(t, tpl, "--max-concurrency", "4")
	var sent atomic.Int64
	stop := make(chan struct{})
	result := make(chan []answer, 1)
	go func() { result <- load(s.url+"/env", 6, stop, &sent) }()
	waitSent(&sent, 20)
	save(t, tpl, fmt.Sprintf(envTemplate, "new"))
	s.waitLines("apigw: reloaded: template (template.yaml changed)", 1)
	lineRead := time.Now()
	waitSent(&sent, sent.Load()+60)
	close(stop)
	checkNoMix(t, <-result, lineRead, "old", "new")
}

const builtTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      CodeUri: %s
      Events: {Api: {Type: Api, Properties: {Path: /fn, Method: get}}}
`

// TestReloadServedBuild (DESIGN section 3): serving a sam build output, an
// edit of the source only says to run sam build; an edit of the build
// output reloads.
func TestReloadServedBuild(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	handler := func(body string) string {
		return fmt.Sprintf("exports.handler = async () => ({statusCode: 200, body: %q});\n", body)
	}
	writeFile(t, filepath.Join(dir, "template.yaml"), fmt.Sprintf(builtTemplate, "src"))
	writeFile(t, filepath.Join(dir, "src", "app.js"), handler("built"))
	build := filepath.Join(dir, ".aws-sam", "build")
	writeFile(t, filepath.Join(build, "template.yaml"), fmt.Sprintf(builtTemplate, "Fn"))
	writeFile(t, filepath.Join(build, "Fn", "app.js"), handler("built"))
	s := startAPI(t, filepath.Join(build, "template.yaml"))
	save(t, filepath.Join(dir, "src", "app.js"), handler("source"))
	s.waitLines("apigw: source changed (src/app.js): run `sam build`", 1)
	if r := s.get(t, "GET", "/fn"); r.body != "built" || s.lines("apigw: reloaded:") > 0 {
		t.Fatalf("after a source edit: got %q and %d reloads; want the build served, nothing reloaded", r.body, s.lines("apigw: reloaded:"))
	}
	save(t, filepath.Join(build, "Fn", "app.js"), handler("rebuilt"))
	s.waitLines(reloadLine("Fn"), 1)
	if r := s.get(t, "GET", "/fn"); r.body != "rebuilt" {
		t.Fatalf("after the build output changed: got %q; want \"rebuilt\"", r.body)
	}
}

// TestReloadGoBuildFailure: a Go edit that does not compile keeps the old
// binary serving and logs the compiler's message; the fix is served.
func TestReloadGoBuildFailure(t *testing.T) {
	t.Parallel()
	tpl := reloadProject(t)
	s := startAPI(t, tpl)
	main := filepath.Join(filepath.Dir(tpl), "gofn", "main.go")
	if r := s.get(t, "GET", "/go"); r.body != "go v1" {
		t.Fatalf("before: got %d %q", r.status, r.body)
	}
	save(t, main, "package main\n\nfunc main() { notDeclared() }\n")
	s.waitLines("apigw: reload of function GoFn (gofn/main.go changed) failed; its previous code keeps serving", 1)
	s.waitLines("undefined: notDeclared", 1) // the compiler's message follows on the next lines of the same write
	if s.lines("undefined: notDeclared") == 0 {
		t.Errorf("the compiler's message is not in the log:\n%s", s.logText())
	}
	if r := s.get(t, "GET", "/go"); r.status != 200 || r.body != "go v1" {
		t.Fatalf("after a failed build: got %d %q; want the old binary's \"go v1\"", r.status, r.body)
	}
	save(t, main, handlerKinds[2].source("go fixed"))
	s.waitLines(reloadLine("GoFn"), 1)
	if r := s.get(t, "GET", "/go"); r.body != "go fixed" {
		t.Fatalf("after the fix: got %d %q", r.status, r.body)
	}
}
