package gateway

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/aws/aws-lambda-go/events"
)

// answering is a function that answers body, after release is closed
// when it is not nil; entered receives a value as each call starts.
func answering(body string, entered chan<- struct{}, release <-chan struct{}) *countingFunc {
	return &countingFunc{fn: func([]byte) ([]byte, error) {
		if entered != nil {
			entered <- struct{}{}
			<-release
		}
		return json.Marshal(events.APIGatewayProxyResponse{StatusCode: 200, Body: body})
	}}
}

// TestSwap: after Swap, every request is served by the new Gateway; the
// previous one's request in flight still finishes on it, and drained
// waits for exactly that request.
func TestSwap(t *testing.T) {
	t.Parallel()
	tpl := testAPI([]*api.Route{lambdaRoute("GET", "/x", "", "Fn")})
	entered, release := make(chan struct{}, 1), make(chan struct{})
	oldGW := newTestGateway(t, tpl, map[string]*countingFunc{"Fn": answering("old", entered, release)})
	var srv *Server
	s := serveGateway(t, oldGW, func(sv *Server) { srv = sv })
	inFlight := make(chan string, 1)
	go func() { inFlight <- get(s.url + "/x") }()
	<-entered
	drained := srv.Swap(newTestGateway(t, tpl, map[string]*countingFunc{"Fn": answering("new", nil, nil)}))
	if r := s.do(t, "GET", "/x"); r.body != "new" {
		t.Fatalf("request after Swap: got %d %q; want the new Gateway's answer", r.status, r.body)
	}
	done := make(chan error, 1)
	go func() { done <- drained(t.Context()) }()
	select {
	case <-done:
		t.Fatal("drained returned while the old Gateway had a request in flight")
	default:
	}
	close(release)
	if body := <-inFlight; body != "old" {
		t.Fatalf("request in flight across Swap: got %q; want the old Gateway's answer", body)
	}
	if err := <-done; err != nil {
		t.Fatalf("drained: %v", err)
	}
}

// get is a GET for use off the test's goroutine: the body, or the error's
// text.
func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
