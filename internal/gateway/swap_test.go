package gateway

import (
	"encoding/json"
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
	inFlight := make(chan reply, 1)
	go func() { inFlight <- s.do(t, "GET", "/x") }()
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
	if r := <-inFlight; r.body != "old" {
		t.Fatalf("request in flight across Swap: got %d %q; want the old Gateway's answer", r.status, r.body)
	}
	if err := <-done; err != nil {
		t.Fatalf("drained: %v", err)
	}
}
