package upstream

import (
	"context"
	"io"
	"net/http"
	"testing"
)

// BenchmarkRoundTrip is one GET with the gateway's headers to a local
// backend and its body read, through Client and through http.Transport.
func BenchmarkRoundTrip(b *testing.B) {
	srv := newBackend(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":7,"name":"rex"}`)
	})
	for _, rt := range []struct {
		name string
		rt   http.RoundTripper
	}{{"Client", newTestClient(b)}, {"Transport", newFallback()}} {
		b.Run(rt.name, func(b *testing.B) {
			req := newReq(http.MethodGet, srv.URL+"/pets/7?tag=a", nil)
			req.Header["X-Forwarded-For"] = []string{"127.0.0.1"}
			req.Header["X-Forwarded-Proto"] = []string{"http"}
			req.Header["X-Amzn-Trace-Id"] = []string{"Root=1-5f84c7a9-0d9a8d1f0e8b7c6a5b4c3d2e"}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				resp, err := rt.rt.RoundTrip(req.WithContext(ctx))
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
