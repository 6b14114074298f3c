package runtimeapi

import (
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

// serveGated starts a Server whose gate admits a connection only when
// admit says so, and counts how often it was asked.
func serveGated(t *testing.T, admit bool) (*Server, string, *atomic.Int32) {
	t.Helper()
	s := New()
	addr, err := s.Bind()
	if err != nil {
		t.Fatalf("Bind: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	asked := &atomic.Int32{}
	s.Serve(func(local, remote netip.AddrPort) error {
		asked.Add(1)
		if local.String() != addr || !remote.Addr().IsLoopback() {
			return errors.New("unexpected addresses " + local.String() + " " + remote.String())
		}
		if admit {
			return nil
		}
		return errors.New("not the function's process")
	})
	return s, "http://" + addr, asked
}

// A client the gate refuses gets 403 AccessDenied for every request, never
// the pending event, and the state machine does not move.
func TestRefusedPeerNeverGetsTheEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		method, path string
	}{
		{"poll", "GET", "next"},
		{"response", "POST", "response"},
		{"error", "POST", "error"},
		{"init error", "POST", "init"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, u, _ := serveGated(t, false)
			c := submit(t, s, "id")
			url := map[string]string{"next": nextURL(u), "response": respURL(u, "id"), "error": errURL(u, "id"), "init": initURL(u)}[tt.path]
			r := do(t, tt.method, url, []byte(`{"stolen":true}`), nil)
			wantError(t, r, http.StatusForbidden, ErrorTypeAccessDenied)
			if r.header.Get(HeaderRequestID) != "" || s.State() != StateStarted {
				t.Fatalf("refused client moved the server: request id %q, state %v", r.header.Get(HeaderRequestID), s.State())
			}
			select {
			case <-c.Delivered():
				t.Fatal("the event was delivered to a refused client")
			case <-c.Done():
				t.Fatalf("the call finished for a refused client: %+v", c.Result())
			default:
			}
		})
	}
}

// The gate runs once per connection: a kept-alive runtime pays for it on
// its first request only.
func TestGateRunsOncePerConnection(t *testing.T) {
	t.Parallel()
	s, u, asked := serveGated(t, true)
	// One connection at most: a request waits for it instead of dialling.
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	send := func(method, url string, body string) int {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status counts
		return resp.StatusCode
	}
	for i, id := range []string{"a", "b", "c"} {
		c := submit(t, s, id)
		if got := send("GET", nextURL(u), ""); got != 200 {
			t.Fatalf("poll %d: got %d", i, got)
		}
		if got := send("POST", respURL(u, id), "{}"); got != http.StatusAccepted {
			t.Fatalf("response %d: got %d", i, got)
		}
		waitDone(t, c)
	}
	if n := asked.Load(); n != 1 {
		t.Fatalf("gate asked %d times for one kept-alive connection; want 1", n)
	}
}
