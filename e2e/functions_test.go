package e2e

import (
	"testing"
)

// BAD-2, L-3: function output that is not JSON, or empty, is a malformed
// Lambda proxy response: 502 {"message":"Internal server error"} with
// InternalServerErrorException, never 504 (nonjson_504).
func TestOutputThatIsNotJSONIs502(t *testing.T) {
	t.Parallel()
	s := startAPI(t, "testdata/nonjson/template.yaml")
	for _, path := range []string{"/text", "/empty"} {
		t.Run(path, func(t *testing.T) {
			r := s.get(t, "GET", path)
			if r.status != 502 || r.body != `{"message":"Internal server error"}` || r.header.Get("x-amzn-ErrorType") != "InternalServerErrorException" {
				t.Fatalf("got %d %s (%s); want 502 {\"message\":\"Internal server error\"}, InternalServerErrorException",
					r.status, r.body, r.header.Get("x-amzn-ErrorType"))
			}
		})
	}
}
