package httphead

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

func TestTokenBytesAreRFC9110(t *testing.T) {
	t.Parallel()
	const tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for c := range 256 {
		if want := strings.IndexByte(tchar, byte(c)) >= 0; TokenByte(byte(c)) != want {
			t.Errorf("TokenByte(%q) = %v, want %v", byte(c), !want, want)
		}
	}
}

func TestSyntax(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"token", IsToken("Content-Length"), true},
		{"empty is no token", IsToken(""), false},
		{"space is no token byte", IsToken([]byte("a b")), false},
		{"colon is no token byte", IsToken("a:"), false},
		{"value with tab", ValidValue("a\tb"), true},
		{"value with obs-text", ValidValue("caf\xc3\xa9"), true},
		{"value with CR", ValidValue("a\rb"), false},
		{"value with DEL", ValidValue([]byte("a\x7f")), false},
		{"fold equal", FoldEqual([]byte("CHUNKED"), "chunked"), true},
		{"fold equal is ASCII only", FoldEqual([]byte("\xc4\xb0"), "i"), false},
		{"fold equal length", FoldEqual([]byte("close "), "close"), false},
		{"token in a list", HasToken([]byte("keep-alive , Close"), "close"), true},
		{"no token in a list", HasToken([]byte("closed, x"), "close"), false},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if got := string(TrimOWS([]byte(" \t a b\t "))); got != "a b" {
		t.Errorf("TrimOWS = %q, want %q", got, "a b")
	}
	for _, in := range []string{"", " ", "\t\t", "a", " a b ", "\r a \n", "\ta\t"} {
		if got, want := TrimOWS(in), strings.Trim(in, " \t"); got != want {
			t.Errorf("TrimOWS(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCutLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		at   int
		line string
		next int
		v    Verdict
	}{
		{"a line", "GET / HTTP/1.1\r\nHost: a\r\n", 0, "GET / HTTP/1.1", 16, Done},
		{"the second", "GET / HTTP/1.1\r\nHost: a\r\n", 16, "Host: a", 25, Done},
		{"the empty line", "\r\n", 0, "", 2, Done},
		{"not ended yet", "Host: a\r", 0, "", 0, More},
		{"bare LF", "Host: a\n", 0, "", 0, Slow},
		{"bare LF alone", "\n", 0, "", 0, Slow},
	}
	for _, tc := range tests {
		line, next, v := CutLine([]byte(tc.in), tc.at)
		if string(line) != tc.line || v != tc.v || (v == Done && next != tc.next) {
			t.Errorf("%s: CutLine = %q, %d, %d; want %q, %d, %d", tc.name, line, next, v, tc.line, tc.next, tc.v)
		}
	}
}

// blankLineParse takes any head up to its first empty line; a line
// starting with "x" is not taken.
func blankLineParse(calls *int) func([]byte) (int, Verdict) {
	return func(b []byte) (int, Verdict) {
		*calls++
		for at := 0; ; {
			line, next, v := CutLine(b, at)
			switch {
			case v != Done:
				return 0, v
			case len(line) == 0:
				return next, Done
			case line[0] == 'x':
				return 0, Slow
			}
			at = next
		}
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        io.Reader
		size      int
		n         int
		done      bool
		err       error
		maxParses int
	}{
		{"whole", strings.NewReader("a: 1\r\nb: 2\r\n\r\nbody"), 64, 14, true, nil, 1},
		{"a byte at a time parses per line", iotest.OneByteReader(strings.NewReader("a: 1\r\nb: 2\r\n\r\nbody")), 64, 14, true, nil, 3},
		{"not taken", strings.NewReader("x: 1\r\n\r\n"), 64, 0, false, nil, 1},
		{"over the buffer", strings.NewReader(strings.Repeat("a", 40) + "\r\n" + strings.Repeat("b", 40) + "\r\n\r\n"), 64, 0, false, nil, 2},
		{"read error while waiting", io.MultiReader(strings.NewReader("a: 1\r\n"), iotest.ErrReader(errors.New("reset"))), 64, 0, false, errors.New("reset"), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			br := bufio.NewReaderSize(tc.in, tc.size)
			parses := 0
			n, done, err := Read(br, blankLineParse(&parses))
			if n != tc.n || done != tc.done || (err == nil) != (tc.err == nil) || (err != nil && err.Error() != tc.err.Error()) {
				t.Fatalf("Read = %d, %v, %v; want %d, %v, %v", n, done, err, tc.n, tc.done, tc.err)
			}
			if parses > tc.maxParses {
				t.Errorf("%d parses, want at most %d", parses, tc.maxParses)
			}
			if done && br.Buffered() < n {
				t.Errorf("the head is not left buffered: %d < %d", br.Buffered(), n)
			}
		})
	}
}

// viaNetHTTP is the error net/http's body reader gives for a chunked body
// ending with trailer, read through a buffer of size bytes (a Peek slides
// what is unread to the buffer's start, so the trailer sees the whole
// buffer, as ReadTrailer does on a reader of that size).
func viaNetHTTP(trailer string, size int) error {
	msg := "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n" + trailer
	resp, err := http.ReadResponse(bufio.NewReaderSize(strings.NewReader(msg), size), nil)
	if err != nil {
		return err
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

func sameError(a, b error) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Error() == b.Error())
}

func TestReadTrailerAsNetHTTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, trailer string
		want          error
	}{
		{"empty", "\r\n", nil},
		{"a field", "X-Sum: 1\r\n\r\n", nil},
		{"ends early: net/http calls it long too", "X-Sum: 1\r\n", ErrLongTrailer},
		{"one byte", "\r", ErrTrailerEOF},
		{"nothing", "", ErrTrailerEOF},
		{"over the buffer", "X-Sum: " + strings.Repeat("1", 200) + "\r\n\r\n", ErrLongTrailer},
	}
	for _, tc := range tests {
		err := ReadTrailer(bufio.NewReaderSize(strings.NewReader(tc.trailer), 64))
		if !errors.Is(err, tc.want) && !sameError(err, tc.want) {
			t.Errorf("%s: ReadTrailer = %v, want %v", tc.name, err, tc.want)
		}
		if want := viaNetHTTP(tc.trailer, 64); !sameError(err, want) {
			t.Errorf("%s: ReadTrailer = %v, net/http %v", tc.name, err, want)
		}
	}
}

func FuzzReadTrailer(f *testing.F) {
	for _, s := range []string{"\r\n", "X: 1\r\n\r\n", "X: 1\r\n", "", "X 1\r\n\r\n", " X: 1\r\n\r\n", "X: 1\nY: 2\r\n\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, trailer string) {
		got := ReadTrailer(bufio.NewReaderSize(strings.NewReader(trailer), 64))
		if want := viaNetHTTP(trailer, 64); !sameError(got, want) {
			t.Fatalf("ReadTrailer(%q) = %v, net/http %v", trailer, got, want)
		}
	})
}
