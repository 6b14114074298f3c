package gateway

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apigw/apigw/internal/api"
	"github.com/aws/aws-lambda-go/events"
)

// bodyEchoFunc answers with the body of the Lambda proxy event it got.
func bodyEchoFunc() *countingFunc {
	return &countingFunc{fn: func(payload []byte) ([]byte, error) {
		var ev events.APIGatewayProxyRequest
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		return json.Marshal(events.APIGatewayProxyResponse{StatusCode: 200, Body: ev.Body})
	}}
}

// numbered is n bytes of text whose every position is distinct
// ("00000000,00000001,..."), so a reordered or torn body shows.
func numbered(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%08d,", i)
	}
	return b.String()[:n]
}

// chunked frames body in chunks of size, without the last-chunk marker.
func chunked(body string, size int) string {
	var b strings.Builder
	for len(body) > 0 {
		n := min(size, len(body))
		fmt.Fprintf(&b, "%x\r\n%s\r\n", n, body[:n])
		body = body[n:]
	}
	return b.String()
}

// TestRequestBodies: every framing reaches the function whole, read by the
// front end itself (fasthttp streams it), and a chunked body over the
// limit is refused with REQUEST_TOO_LARGE's 413.
func TestRequestBodies(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("POST", "/x", "", "Echo")})
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": bodyEchoFunc()})
	small, large := numbered(100), numbered(300<<10)
	over := strings.Repeat("a", MaxBodyBytes+1)
	const head = "POST /x HTTP/1.1\r\nHost: a\r\n"
	tests := []struct {
		name, raw, wantStatus, wantBody string
	}{
		{"length, small", head + "Content-Length: 100\r\n\r\n" + small, "200 OK", small},
		{"length, over 64 KB (budgeted)", head + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(large)) + large, "200 OK", large},
		{"chunked, small", head + "Transfer-Encoding: chunked\r\n\r\n" + chunked(small, 30) + "0\r\n\r\n", "200 OK", small},
		{"chunked, over 64 KB (budgeted)", head + "Transfer-Encoding: chunked\r\n\r\n" + chunked(large, 16<<10) + "0\r\n\r\n", "200 OK", large},
		{"chunked, over 10 MB: REQUEST_TOO_LARGE", head + "Transfer-Encoding: chunked\r\n\r\n" + chunked(over, 1<<20),
			"413 Request Entity Too Large", `{"message":"Request Too Long"}`},
	}
	for _, tt := range tests {
		status, body := rawExchange(t, s.url, tt.raw)
		if status != tt.wantStatus || body != tt.wantBody {
			t.Errorf("%s: got %s %.80s (%d bytes); want %s %.80s (%d bytes)", tt.name, status, body, len(body), tt.wantStatus, tt.wantBody, len(tt.wantBody))
		}
	}
}

// TestExpectContinue: a body announced within the limit is asked for with
// 100 Continue; one over it is refused at once, before the client sends it.
func TestExpectContinue(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("POST", "/x", "", "Echo")})
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Echo": bodyEchoFunc()})
	c := keepAlive(t, strings.TrimPrefix(s.url, "http://"))
	fmt.Fprintf(c, "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", MaxBodyBytes+1)
	if status, body := readAnswer(t, c.br); status != 413 || body != `{"message":"Request Too Long"}` {
		t.Fatalf("Expect with a body over 10 MB: got %d %s; want 413 {\"message\":\"Request Too Long\"} at once", status, body)
	}
	c = keepAlive(t, strings.TrimPrefix(s.url, "http://"))
	io.WriteString(c, "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	if status, _ := readAnswer(t, c.br); status != 100 {
		t.Fatalf("Expect with a small body: got %d; want 100 Continue", status)
	}
	io.WriteString(c, "hello")
	if status, body := readAnswer(t, c.br); status != 200 || body != "hello" {
		t.Fatalf("after 100 Continue: got %d %s; want 200 hello", status, body)
	}
}

func readAnswer(t *testing.T, br *bufio.Reader) (int, string) {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// blockingFunc holds every invocation until release is closed.
type blockingFunc struct {
	countingFunc
	inside  atomic.Int64
	release chan struct{}
}

func newBlockingFunc() *blockingFunc {
	f := &blockingFunc{release: make(chan struct{})}
	f.fn = func([]byte) ([]byte, error) {
		f.inside.Add(1)
		<-f.release
		return []byte(`{"statusCode":200,"body":"done"}`), nil
	}
	return f
}

// postBody sends a body of n bytes on its own connection and reports the status.
func postBody(url string, n int) (int, error) {
	resp, err := http.Post(url+"/x", "text/plain", bytes.NewReader(bytes.Repeat([]byte("b"), n)))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestLargeBodiesWaitForTheBudget pins BAD-5's bound: with a budget of two
// bodies, five concurrent ones reach the function two at a time; the other
// three wait, unread, until the first are answered.
func TestLargeBodiesWaitForTheBudget(t *testing.T) {
	t.Parallel()
	const size, budget, clients = 100_000, 200_000, 5
	fn := newBlockingFunc()
	tpl := testAPI([]*api.Route{lambdaRoute("POST", "/x", "", "Fn")})
	var srv *Server
	s := serveGateway(t, newTestGateway(t, tpl, map[string]*countingFunc{"Fn": &fn.countingFunc}),
		func(sv *Server) { sv.budget, srv = newBodyBudget(budget), sv })
	var wg sync.WaitGroup
	statuses := make(chan int, clients)
	for range clients {
		wg.Go(func() {
			status, err := postBody(s.url, size)
			if err != nil {
				t.Error(err)
			}
			statuses <- status
		})
	}
	for fn.inside.Load() <= budget/size && !(fn.inside.Load() == budget/size && srv.budget.waiting.Load() == clients-budget/size) {
		time.Sleep(time.Millisecond) // waiting for a condition, not for time
	}
	if in, held := fn.inside.Load(), srv.budget.held.Load(); in != budget/size || held > budget {
		t.Errorf("got %d requests in the function holding %d body bytes; want %d holding at most %d (BAD-5)", in, held, budget/size, budget)
	}
	close(fn.release)
	wg.Wait()
	close(statuses)
	for status := range statuses {
		if status != 200 {
			t.Errorf("got %d; want 200 once admitted", status)
		}
	}
	if held := srv.budget.held.Load(); held != 0 {
		t.Errorf("after every request was answered the budget still holds %d bytes; want 0", held)
	}
}

// TestBodyWaitingTooLongIsThrottled: a body the budget cannot admit within
// the read timeout gets THROTTLED's 429 (G-1), and the connection closes.
func TestBodyWaitingTooLongIsThrottled(t *testing.T) {
	t.Parallel()
	const size = 100_000
	fn := newBlockingFunc()
	defer close(fn.release)
	tpl := testAPI([]*api.Route{lambdaRoute("POST", "/x", "", "Fn")})
	s := serveGateway(t, newTestGateway(t, tpl, map[string]*countingFunc{"Fn": &fn.countingFunc}), func(sv *Server) {
		sv.budget = newBodyBudget(size)
		sv.srv.ReadTimeout = 300 * time.Millisecond
	})
	go postBody(s.url, size) //nolint:errcheck // holds the whole budget until the test ends
	for fn.inside.Load() == 0 {
		time.Sleep(time.Millisecond) // waiting for a condition, not for time
	}
	// The second client sends what fasthttp reads ahead (8 KB), then waits.
	c := keepAlive(t, strings.TrimPrefix(s.url, "http://"))
	fmt.Fprintf(c, "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n%s", size, strings.Repeat("b", 8<<10))
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second)) // a safety bound only
	if status, body := readAnswer(t, c.br); status != 429 || body != `{"message":"Too Many Requests"}` {
		t.Fatalf("got %d %s; want 429 {\"message\":\"Too Many Requests\"}", status, body)
	}
	if _, err := c.br.ReadByte(); err != io.EOF {
		t.Fatalf("after the 429: got %v; want the connection closed (EOF)", err)
	}
}

// TestBodyHeldOnce: while a request is in flight (here in its authorizer)
// the process holds its body once: fasthttp streams it, the front end reads
// it into the request's own buffer, and nothing copies it again (BAD-5).
// Not parallel: it measures the live heap.
func TestBodyHeldOnce(t *testing.T) {
	const size = 8 << 20
	var during atomic.Uint64
	auth := &countingFunc{fn: func([]byte) ([]byte, error) {
		during.Store(liveHeap())
		return nil, errUnauthorizedFn
	}}
	tpl := testAPI([]*api.Route{lambdaRoute("POST", "/x", "Auth", "Echo")}, tokenAuth("Auth", "Auth", 0))
	s := serveTemplate(t, tpl, map[string]*countingFunc{"Auth": auth, "Echo": echoFunc()})
	raw := fmt.Sprintf("POST /x HTTP/1.1\r\nHost: a\r\nAuthorization: tok\r\nContent-Length: %d\r\n\r\n%s", size, strings.Repeat("b", size))
	before := liveHeap()
	if status, _ := rawExchange(t, s.url, raw); status != "401 Unauthorized" {
		t.Fatalf("got %s; want 401 Unauthorized", status)
	}
	runtime.KeepAlive(raw) // in both measurements
	if grown := int64(during.Load()) - int64(before); grown > size*3/2 {
		t.Fatalf("live heap grew by %d bytes while a %d-byte body was in flight; want under %d (one copy)", grown, size, size*3/2)
	}
}

// liveHeap collects twice (emptying sync.Pools) and returns the live heap.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestBudgetReserve(t *testing.T) {
	t.Parallel()
	b := newBodyBudget(100)
	r, waited, err := b.reserve(500, time.Millisecond)
	if err != nil || waited || r.n != 100 {
		t.Fatalf("reserve over the budget: got %v waited=%v n=%d; want the whole budget at once", err, waited, r.n)
	}
	if _, waited, err := b.reserve(1, time.Millisecond); !errors.Is(err, errThrottled) || !waited {
		t.Fatalf("reserve with the budget full: got %v waited=%v; want errThrottled after waiting", err, waited)
	}
	r.shrink(40)
	if _, _, err := b.reserve(60, time.Millisecond); err != nil {
		t.Fatalf("reserve what shrink gave back: %v", err)
	}
	if held := b.held.Load(); held != 100 {
		t.Fatalf("held: got %d; want 100", held)
	}
}

// TestBudgetReturnsMemoryAfterABurst: once large bodies stop, the memory
// they took is handed back to the system (debug.FreeOSMemory).
func TestBudgetReturnsMemoryAfterABurst(t *testing.T) {
	t.Parallel()
	b := newBodyBudget(DefaultBodyBytes)
	freed := make(chan struct{}, 1)
	b.freeOS = func() { freed <- struct{}{} }
	r, _, err := b.reserve(freeAfterBytes, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.release()
	select {
	case <-freed:
	case <-time.After(time.Minute): // a safety bound only: the quiet period is 1 s
		t.Fatal("memory was not returned after the burst")
	}
}
