package authorizer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// TestRaceIdentities sends 64 goroutines x 1,000 identities through one
// cache, two stages and two authorizers. The function answers with the
// token as principal; each request must only ever see its own (C-5).
func TestRaceIdentities(t *testing.T) {
	t.Parallel()
	const goroutines, identities = 64, 1000
	inv := invoker(func(_ context.Context, payload []byte) ([]byte, error) {
		var ev struct{ AuthorizationToken string }
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, err
		}
		return []byte(output(ev.AuthorizationToken, "Allow", apiBase+"/*/*")), nil
	})
	a, cache, clock := setup(t, tokenConfig(300), inv)
	other := tokenConfig(300)
	other.Name = "Other"
	b, err := New(other, inv, cache, WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range identities {
				id := (g*131 + i) % identities
				az, stage := a, "prod"
				if (g+i)%2 == 1 {
					az = b
				}
				if (g/2+i)%2 == 1 {
					stage = "dev"
				}
				token := az.Name() + "-" + stage + "-" + strconv.Itoa(id)
				r := tokenRequest("GET", "/pets/"+strconv.Itoa(i), token)
				r.Stage = stage
				out := az.Authorize(context.Background(), r, apiBase+"/"+stage+"/GET/pets")
				if !out.Allow || out.PrincipalID != token {
					t.Errorf("C-5 %s: got principal %q, %v; want %q", token, out.PrincipalID, out.Err, token)
					return
				}
			}
		})
	}
	wg.Wait()
	if got, limit := inv.calls.Load(), int64(4*identities); got > limit {
		t.Fatalf("invocations: got %d; want at most %d (one per key)", got, limit)
	}
	t.Logf("invocations: %d for %d requests", inv.calls.Load(), goroutines*identities)
}

// TestLoaderOutlivesCaller: a caller whose context has ended returns at
// once while the load it started goes on (other callers may wait for it),
// and the front end then recycles the caller's request for another one.
// The loader must read nothing of that request: it captures the event and
// the source built before Get. Run with -race: reading the recycled request
// is a data race; without -race the stored source gives it away.
func TestLoaderOutlivesCaller(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  *api.Authorizer
		req  func() *request.Request
	}{
		{"TOKEN", tokenConfig(300), func() *request.Request { return tokenRequest("GET", "/pets", "allow") }},
		{"REQUEST", seedRequestConfig(300), seedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			proceed := make(chan struct{})
			inv := invoker(func(_ context.Context, payload []byte) ([]byte, error) {
				<-proceed
				return []byte(output("me", "Allow", apiBase+"/*/*")), nil
			})
			a, _, _ := setup(t, tt.cfg, inv)
			req := tt.req()
			arn := methodARN(t, req)
			gone, cancel := context.WithCancel(context.Background())
			cancel()
			if out := a.Authorize(gone, req, arn); out.Allow || !errors.Is(out.Err, context.Canceled) {
				t.Fatalf("caller gone: got %v; want its context's error", out.Err)
			}
			recycle(req) // the load has not finished: its function is blocked
			close(proceed)
			recycle(req) // the load goes on meanwhile
			out := a.Authorize(context.Background(), tt.req(), arn)
			if !out.Allow || out.Explanation.Source != "GET /pets" {
				t.Fatalf("the next caller: got %v, source %q; want an allow whose policy came from GET /pets", out.Err, out.Explanation.Source)
			}
			if got := inv.calls.Load(); got != 1 {
				t.Fatalf("invocations: got %d; want 1 (the next caller shares the load)", got)
			}
			if ev := *inv.last.Load(); bytes.Contains(ev, []byte("other")) {
				t.Fatalf("event: got %s; want the first request's, built before it was recycled", ev)
			}
		})
	}
}

// recycle does to req what the front end does when a request ends: it
// clears it and fills it with the next request, reusing its slices.
func recycle(req *request.Request) {
	*req = request.Request{
		Method: "POST", Path: "/other", Stage: req.Stage, Resource: "/other",
		Headers:    append(req.Headers[:0], request.Field{Name: "Authorization", Value: "someone-else"}),
		Query:      append(req.Query[:0], request.Field{Name: "QueryString1", Value: "other"}),
		PathParams: req.PathParams[:0],
	}
}
