package httphead

import "testing"

// FuzzSyntax holds IsToken and ValidValue, which test several bytes at a
// time, to their rules read a byte at a time (tokenBytes; a control byte
// but tab), for strings and byte slices, at every offset of the input (so
// that each byte falls in each position of a word).
func FuzzSyntax(f *testing.F) {
	for _, seed := range []string{
		"", "Content-Length", "X-Amzn-Apigateway-Api-Id", "a\tb", "abcdefg\x7f", "abcdefgh\x1f", "caf\xc3\xa9 au lait\t!",
		"Authorization:", "\x00\x00\x00\x00\x00\x00\x00\x00", "\xff\xfe\xa0\xa1\x9f\x80\x81\x7e\x20\x21",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := range len(s) + 1 {
			v := s[i:]
			if got, want := IsToken(v), v != "" && allBytes(v, TokenByte); got != want || IsToken([]byte(v)) != want {
				t.Fatalf("IsToken(%q) = %v, want %v", v, got, want)
			}
			if got, want := ValidValue(v), allBytes(v, valueByte); got != want || ValidValue([]byte(v)) != want {
				t.Fatalf("ValidValue(%q) = %v, want %v", v, got, want)
			}
		}
	})
}

// allBytes reports whether ok holds for every byte of s.
func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// valueByte is a field value's byte: no control byte but tab.
func valueByte(c byte) bool { return (c >= ' ' || c == '\t') && c != 0x7f }

func BenchmarkSyntax(b *testing.B) {
	names := []string{"X-Amzn-Apigateway-Api-Id", "Authorization", "X-Forwarded-For", "User-Agent"}
	values := []string{"Root=1-67a0b1c2-0123456789abcdef01234567", "127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101"}
	for b.Loop() {
		for _, n := range names {
			if !IsToken(n) {
				b.Fatal(n)
			}
		}
		for _, v := range values {
			if !ValidValue(v) {
				b.Fatal(v)
			}
		}
	}
}
