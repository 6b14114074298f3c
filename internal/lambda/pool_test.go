package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/apigw/apigw/internal/event"
)

func TestGoFunctionRunsUnmodified(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("GoFn"), Options{})
	r := mustInvoke(t, p, map[string]any{"action": "context"})
	if r.RequestID == "" || r.ARN != "arn:aws:lambda:us-east-1:123456789012:function:GoFn" {
		t.Fatalf("got request id %q, arn %q; want an id and the function ARN", r.RequestID, r.ARN)
	}
	if r.Remaining <= 0 || r.Remaining > 3000 {
		t.Fatalf("got %d ms remaining; want within the 3 s timeout", r.Remaining)
	}
}

func TestWarmProcessIsReused(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Warm"), Options{})
	first := mustInvoke(t, p, map[string]any{"action": "pid"})
	second := mustInvoke(t, p, map[string]any{"action": "pid"})
	if first.Stream == "" || first.Stream != second.Stream {
		t.Fatalf("got processes %q then %q; want the same warm process", first.Stream, second.Stream)
	}
}

func TestLambdaEnvironment(t *testing.T) {
	t.Parallel()
	fn := goFn("EnvFn")
	fn.FunctionName, fn.MemoryMB = "my-env-fn", 256
	o := Options{Region: "eu-west-1", Env: map[string]map[string]string{"EnvFn": {"FROM_TEMPLATE": "overridden", "EXTRA": "x"}}}
	_, p := newRunner(t, fn, o)
	names := []string{envFunctionName, envVersion, envMemory, envRegion, envDefaultRegion, envLogGroup, envLogStream,
		envTaskRoot, envHandler, envTZ, envRuntimeAPI, envExecutionEnv, "FROM_TEMPLATE", "EXTRA"}
	got := mustInvoke(t, p, map[string]any{"action": "env", "names": names}).Env
	want := map[string]string{
		envFunctionName: "my-env-fn", envVersion: "$LATEST", envMemory: "256", envRegion: "eu-west-1",
		envDefaultRegion: "eu-west-1", envLogGroup: "/aws/lambda/my-env-fn", envTaskRoot: goBinDir,
		envHandler: "gofn", envTZ: ":UTC", envExecutionEnv: "AWS_Lambda_go1.x", "FROM_TEMPLATE": "overridden", "EXTRA": "x",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q; want %q", k, got[k], v)
		}
	}
	if !regexp.MustCompile(`^127\.0\.0\.1:\d+$`).MatchString(got[envRuntimeAPI]) {
		t.Errorf("%s: got %q; want 127.0.0.1:PORT", envRuntimeAPI, got[envRuntimeAPI])
	}
	if !regexp.MustCompile(`^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$`).MatchString(got[envLogStream]) {
		t.Errorf("%s: got %q", envLogStream, got[envLogStream])
	}
}

func TestHandlerErrorIsFunctionErrorAndProcessStaysWarm(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Failing"), Options{})
	before := mustInvoke(t, p, map[string]any{"action": "pid"})
	_, err := invoke(t, p, map[string]any{"action": "error", "message": "Unauthorized"})
	var fe *event.FunctionError
	if !errors.As(err, &fe) || fe.Message != "Unauthorized" || fe.Type != "errorString" {
		t.Fatalf("got %v; want errorString: Unauthorized", err)
	}
	if after := mustInvoke(t, p, map[string]any{"action": "pid"}); after.Stream != before.Stream {
		t.Fatalf("got process %q after a handler error; want the same process %q", after.Stream, before.Stream)
	}
}

// timeoutMessage is Lambda's errorMessage for a timeout.
var timeoutMessage = regexp.MustCompile(`^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$`)

func TestTimeoutKillsProcessGroup(t *testing.T) {
	t.Parallel()
	fn := goFn("Slow")
	fn.Timeout = 1
	_, p := newRunner(t, fn, Options{})
	before := mustInvoke(t, p, map[string]any{"action": "pid"})
	_, err := invoke(t, p, map[string]any{"action": "spawn", "hang": true})
	var fe *event.FunctionError
	if !errors.As(err, &fe) || fe.Type != ErrorTypeTimeout || !timeoutMessage.MatchString(fe.Message) {
		t.Fatalf("got %v; want Sandbox.Timedout with %q", err, timeoutMessage)
	}
	eventually(t, "the timed-out process and its child are gone", func() bool { return allGone(before.Stream) })
	if after := mustInvoke(t, p, map[string]any{"action": "pid"}); after.Stream == before.Stream {
		t.Fatalf("got the killed process %q again", after.Stream)
	}
}

// A crash reports how the runtime ended, as Lambda does, also through a
// sandbox init (which reports the function's status, not its own).
func TestCrashMidInvocation(t *testing.T) {
	t.Parallel()
	tests := []struct{ action, status string }{
		{"crash", "exit status 2"},
		{"killself", "signal: killed"},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			t.Parallel()
			_, p := newRunner(t, goFn("Crashy"), Options{})
			before := mustInvoke(t, p, map[string]any{"action": "pid"})
			_, err := invoke(t, p, map[string]any{"action": tt.action})
			var fe *event.FunctionError
			if !errors.As(err, &fe) || fe.Type != ErrorTypeExit || !strings.HasSuffix(fe.Message, "Error: Runtime exited with error: "+tt.status) {
				t.Fatalf("got %v; want Runtime.ExitError with %s", err, tt.status)
			}
			if after := mustInvoke(t, p, map[string]any{"action": "pid"}); after.Stream == before.Stream || after.Stream == "" {
				t.Fatalf("got process %q after the crash of %q; want a new process", after.Stream, before.Stream)
			}
		})
	}
}

func TestConcurrencyStaysWithinLimit(t *testing.T) {
	t.Parallel()
	const limit, calls = 4, 32
	_, p := newRunner(t, goFn("Busy"), Options{MaxConcurrency: limit})
	var mu sync.Mutex
	procs := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := invoke(t, p, map[string]any{"action": "sleep", "ms": 100})
			if err != nil {
				errs <- err
				return
			}
			var r goReply
			json.Unmarshal(b, &r) //nolint:errcheck // an empty stream fails below
			mu.Lock()
			procs[r.Stream] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("invoke: %v", err)
	}
	if len(procs) == 0 || len(procs) > limit || procs[""] {
		t.Fatalf("got processes %v; want 1..%d", procs, limit)
	}
}

func TestQueueTimeoutIsNotAFunctionError(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Queued"), Options{MaxConcurrency: 1, QueueTimeout: 50e6})
	done := make(chan error, 1)
	go func() {
		_, err := invoke(t, p, map[string]any{"action": "sleep", "ms": 1500})
		done <- err
	}()
	eventually(t, "the first call holds the only slot", func() bool { return p.busyCount() == 1 })
	_, err := invoke(t, p, map[string]any{"action": "pid"})
	var fe *event.FunctionError
	if !errors.Is(err, ErrQueueTimeout) || errors.As(err, &fe) {
		t.Fatalf("got %v; want ErrQueueTimeout and no function error", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("first call: %v", err)
	}
}

func TestCancelledContextIsNotAFunctionError(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Cancelled"), Options{})
	mustInvoke(t, p, map[string]any{"action": "pid"})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		eventually(t, "the call is running", func() bool { return p.busyCount() == 1 })
		cancel()
	}()
	_, err := p.Invoke(ctx, []byte(`{"action":"sleep","ms":5000}`))
	var fe *event.FunctionError
	if !errors.Is(err, context.Canceled) || errors.As(err, &fe) {
		t.Fatalf("got %v; want context.Canceled and no function error", err)
	}
	mustInvoke(t, p, map[string]any{"action": "pid"})
}

func TestPayloadLimits(t *testing.T) {
	t.Parallel()
	fn := goFn("Big")
	fn.Timeout = 60 // 6 MB through a race-instrumented function is slow
	_, p := newRunner(t, fn, Options{})
	big := make([]byte, 6291457)
	if _, err := p.Invoke(context.Background(), big); !errors.Is(err, ErrRequestTooLarge) {
		t.Fatalf("request of %d bytes: got %v; want ErrRequestTooLarge", len(big), err)
	}
	_, err := invoke(t, p, map[string]any{"action": "big", "bytes": 6291556})
	var fe *event.FunctionError
	if !errors.As(err, &fe) || fe.Type != "Function.ResponseSizeTooLarge" {
		t.Fatalf("oversized response: got %v; want Function.ResponseSizeTooLarge", err)
	}
	mustInvoke(t, p, map[string]any{"action": "pid"})
}

func TestClosedRunnerRefusesAndStopsProcesses(t *testing.T) {
	t.Parallel()
	r, p := newRunner(t, goFn("Closing"), Options{})
	stream := mustInvoke(t, p, map[string]any{"action": "pid"}).Stream
	if err := r.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if left := running(stream); len(left) > 0 {
		t.Fatalf("processes %v still run after Close", left)
	}
	if _, err := invoke(t, p, map[string]any{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("got %v; want ErrClosed", err)
	}
}

func TestIdleProcessesAreReaped(t *testing.T) {
	t.Parallel()
	_, p := newRunner(t, goFn("Idle"), Options{IdleTimeout: 50e6})
	stream := mustInvoke(t, p, map[string]any{"action": "pid"}).Stream
	eventually(t, "the idle process is reaped", func() bool { return p.liveCount() == 0 && allGone(stream) })
	mustInvoke(t, p, map[string]any{"action": "pid"})
}

func TestUnknownFunction(t *testing.T) {
	t.Parallel()
	r, _ := newRunner(t, goFn("Known"), Options{})
	if _, err := r.Function("Nope"); !errors.Is(err, ErrUnknownFunction) || !strings.Contains(err.Error(), "Nope") {
		t.Fatalf("got %v; want ErrUnknownFunction naming Nope", err)
	}
}
