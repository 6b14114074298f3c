package runtimeapi

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkRoundTrip is our side of one warm invocation: Submit, a
// runtime's GET /next on its kept-alive connection, its POST /response
// and the Call's Done. The runtime is a minimal client in this process,
// on loopback; "chunked" posts the response as aws-lambda-go does.
func BenchmarkRoundTrip(b *testing.B) {
	event := []byte(`{"pad":"` + strings.Repeat("x", 1000) + `"}`)
	for _, chunked := range []bool{false, true} {
		b.Run(map[bool]string{false: "content-length", true: "chunked"}[chunked], func(b *testing.B) {
			s := New()
			addr, err := s.Listen()
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			go rawRuntime(addr, chunked)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				c, err := s.Submit(Invocation{RequestID: "req-" + strconv.Itoa(i), Payload: event, Timeout: time.Minute})
				if err != nil {
					b.Fatal(err)
				}
				<-c.Done()
				if r := c.Result(); r.Err != nil || string(r.Payload) != `{"ok":true}` {
					b.Fatalf("got %q, %v", r.Payload, r.Err)
				}
			}
		})
	}
}

// rawRuntime polls addr and answers {"ok":true} until the server closes.
func rawRuntime(addr string, chunked bool) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer conn.Close()
	r := textproto.NewReader(bufio.NewReader(conn))
	w := bufio.NewWriter(conn)
	const reply = `{"ok":true}`
	for {
		fmt.Fprintf(w, "GET %s HTTP/1.1\r\nHost: api\r\n\r\n", PathNext)
		w.Flush()
		h, ok := rawResponse(r)
		if !ok {
			return
		}
		path := "/" + Version + "/runtime/invocation/" + h.Get(HeaderRequestID) + "/response"
		if chunked {
			fmt.Fprintf(w, "POST %s HTTP/1.1\r\nHost: api\r\nTransfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", path, len(reply), reply)
		} else {
			fmt.Fprintf(w, "POST %s HTTP/1.1\r\nHost: api\r\nContent-Length: %d\r\n\r\n%s", path, len(reply), reply)
		}
		w.Flush()
		if _, ok := rawResponse(r); !ok {
			return
		}
	}
}

// rawResponse reads one response with a Content-Length body.
func rawResponse(r *textproto.Reader) (textproto.MIMEHeader, bool) {
	if _, err := r.ReadLine(); err != nil {
		return nil, false
	}
	h, err := r.ReadMIMEHeader()
	if err != nil {
		return nil, false
	}
	n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	if err != nil {
		return nil, false
	}
	_, err = io.CopyN(io.Discard, r.R, n)
	return h, err == nil
}
