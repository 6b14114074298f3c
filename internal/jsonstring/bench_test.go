package jsonstring

import "testing"

func BenchmarkAppend(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"message", "User is not authorized to access this resource with an explicit deny"},
		{"escapes", "line one\nline \"two\"\t\\ end"},
		{"utf8", "héllo wörld ✓ 🙂 und so weiter"},
	} {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, 0, 256)
			b.ReportAllocs()
			for b.Loop() {
				buf = Append(buf[:0], c.s)
			}
		})
	}
}
