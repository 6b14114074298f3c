// Command rawclient is the smallest Runtime API client we could write: one
// TCP connection, hand-written HTTP/1.1, no JSON decoding. BenchmarkWarm
// runs it to show the floor of the pool's own round trip, apart from what a
// runtime client such as aws-lambda-go adds.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"strconv"
)

func main() {
	conn, err := net.Dial("tcp", os.Getenv("AWS_LAMBDA_RUNTIME_API"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := textproto.NewReader(bufio.NewReader(conn))
	reply := []byte(`{"pid":` + strconv.Itoa(os.Getpid()) + `}`)
	for {
		fmt.Fprint(conn, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: api\r\n\r\n")
		h := readResponse(r)
		id := h.Get("Lambda-Runtime-Aws-Request-Id")
		fmt.Fprintf(conn, "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: api\r\nContent-Length: %d\r\n\r\n%s", id, len(reply), reply)
		readResponse(r)
	}
}

// readResponse reads one response and discards its body.
func readResponse(r *textproto.Reader) textproto.MIMEHeader {
	if _, err := r.ReadLine(); err != nil {
		os.Exit(1)
	}
	h, err := r.ReadMIMEHeader()
	if err != nil {
		os.Exit(1)
	}
	n, _ := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	if _, err := io.CopyN(io.Discard, r.R, n); err != nil {
		os.Exit(1)
	}
	return h
}
