package integration

import (
	"net/http"
	"slices"
	"testing"

	"github.com/apigw/apigw/internal/request"
)

// TestRequestHeadersOwnValues: the backend request's header values share
// one array, yet appending to one header's values (as a parameter
// mapping's append does) changes no other header, for every header.
func TestRequestHeadersOwnValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		headers []request.Field
	}{
		{"none", nil},
		{"single values", []request.Field{{Name: "Accept", Value: "*/*"}, {Name: "Authorization", Value: "allow"}}},
		{"repeated name", []request.Field{{Name: "X-Multi", Value: "1"}, {Name: "Accept", Value: "a"}, {Name: "x-multi", Value: "2"}}},
		{"client's User-Agent", []request.Field{{Name: "user-agent", Value: "curl"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := proxyRequest()
			req.Headers = tc.headers
			h := requestHeaders(req)
			want := cloneHeader(h)
			for name := range h {
				h[name] = append(h[name], "appended")
				want[name] = append(want[name], "appended")
				for other := range h {
					if !slices.Equal(h[other], want[other]) {
						t.Fatalf("appending to %s changed %s: %q; want %q", name, other, h[other], want[other])
					}
				}
			}
		})
	}
}

func cloneHeader(h http.Header) http.Header {
	c := make(http.Header, len(h))
	for k, v := range h {
		c[k] = slices.Clone(v)
	}
	return c
}

// TestExtendedRequestIDAllocatesOnce: the id is built on the stack and
// only the string returned is allocated (every request derives one).
func TestExtendedRequestIDAllocatesOnce(t *testing.T) {
	id := getRequest().RequestID
	if n := testing.AllocsPerRun(100, func() { idSink = ExtendedRequestID(id) }); n != 1 {
		t.Errorf("%v allocations per ExtendedRequestID; want 1", n)
	}
}

// idSink keeps ExtendedRequestID's result on the heap, as the gateway's.
var idSink string
