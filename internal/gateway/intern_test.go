package gateway

import "testing"

// TestInterned: common values come back as the shared constant, others as
// copies; neither aliases fasthttp's buffer, which is recycled after the
// handler returns.
func TestInterned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
	}{
		{"common method", "GET"},
		{"other method", "PROPFIND"},
		{"case differs: not interned", "get"},
		{"protocol list does not hold methods", "HTTP/2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := []byte(tt.in)
			got := interned(b, commonMethods)
			for i := range b {
				b[i] = 'x'
			}
			if got != tt.in {
				t.Errorf("got %q after the buffer changed; want %q", got, tt.in)
			}
		})
	}
	if got := interned([]byte("HTTP/1.1"), protocols); got != "HTTP/1.1" {
		t.Errorf("protocol: got %q", got)
	}
}

func TestInternedCommonAllocatesNothing(t *testing.T) {
	b := []byte("POST")
	if n := testing.AllocsPerRun(10, func() { _ = interned(b, commonMethods) }); n != 0 {
		t.Errorf("interning a common method allocated %v times; want 0", n)
	}
}
