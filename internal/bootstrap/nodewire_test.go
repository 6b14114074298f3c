package bootstrap_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestNodeReadsChunkedInvocations: the Node bootstrap's own HTTP client
// reads an event sent in chunked encoding (no Content-Length), whole,
// and keeps using the connection after it.
func TestNodeReadsChunkedInvocations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		body string
	}{
		{"small", `{"a":"b"}`},
		{"large", `{"big":"` + strings.Repeat("x", 200_000) + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api, p := launch(t, nodeRuntime, "handlers.echoAsync")
			for i := range 3 {
				inv := invocation{id: "req-chunked-" + strconv.Itoa(i), body: []byte(tc.body),
					deadline: time.Now().Add(time.Minute), chunked: i%2 == 0}
				api.events <- inv
				response(tc.body).check(t, api.await(t, p), inv.id)
			}
			if n := api.connections(); n != 1 {
				t.Errorf("bootstrap used %d connections for 3 invocations; want 1", n)
			}
		})
	}
}

// TestNodeReconnectsAfterConnectionClose: a result answered with
// Connection: close ends the connection the next /next was pipelined on;
// the bootstrap asks again on a new one and serves every invocation.
func TestNodeReconnectsAfterConnectionClose(t *testing.T) {
	t.Parallel()
	api, p := launch(t, nodeRuntime, "handlers.count")
	api.closeAfterAccept.Store(true)
	for i := 1; i <= 3; i++ {
		inv := api.send("req-close-"+strconv.Itoa(i), "{}")
		response(strconv.Itoa(i)).check(t, api.await(t, p), inv.id)
	}
	if n := api.connections(); n < 3 {
		t.Errorf("bootstrap used %d connections for 3 results each closing its connection; want at least 3", n)
	}
}
