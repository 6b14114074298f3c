package upstream

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTestClient is a Client with the gateway's settings (as
// integration.NewTransport builds it); its idle connections are closed
// at cleanup.
func newTestClient(t testing.TB) *Client {
	c := New(newFallback())
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func newFallback() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        1024,
		MaxIdleConnsPerHost: 512,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// backend is an httptest server counting the connections it accepted.
type backend struct {
	*httptest.Server
	accepted atomic.Int64
}

func newBackend(t testing.TB, h http.HandlerFunc) *backend {
	b := &backend{}
	b.Server = httptest.NewUnstartedServer(h)
	b.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			b.accepted.Add(1)
		}
	}
	b.Start()
	t.Cleanup(b.Close)
	return b
}

// rawServer is a TCP server on 127.0.0.1:0 running serve on each
// accepted connection (n is the connection's 0-based index). Connections
// still open at cleanup are closed.
type rawServer struct {
	ln       net.Listener
	mu       sync.Mutex
	conns    []net.Conn
	accepted atomic.Int64
	wg       sync.WaitGroup
}

func newRawServer(t testing.TB, serve func(n int, c net.Conn)) *rawServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	s.wg.Add(1)
	go s.loop(serve)
	t.Cleanup(s.close)
	return s
}

func (s *rawServer) loop(serve func(int, net.Conn)) {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		n := int(s.accepted.Add(1) - 1)
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			serve(n, c)
		}()
	}
}

func (s *rawServer) close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *rawServer) url(path string) string { return "http://" + s.ln.Addr().String() + path }

// readRequest reads one request and its body from br.
func readRequest(br *bufio.Reader) (*http.Request, []byte, error) {
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(req.Body)
	return req, body, err
}

// replyAll answers every request on c with reply (its head only to
// HEAD), until c ends.
func replyAll(reply string) func(int, net.Conn) {
	head, _, _ := strings.Cut(reply, "\r\n\r\n")
	head += "\r\n\r\n"
	return func(_ int, c net.Conn) {
		br := bufio.NewReader(c)
		for {
			req, _, err := readRequest(br)
			if err != nil {
				return
			}
			out := reply
			if req.Method == http.MethodHead {
				out = head
			}
			if _, err := io.WriteString(c, out); err != nil {
				return
			}
		}
	}
}

const okReply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

// get sends a request through rt and returns the status and body read to
// its end.
func do(t testing.TB, rt http.RoundTripper, method, url string, body io.Reader) (int, string, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// mustDo is do that fails the test on an error.
func mustDo(t testing.TB, rt http.RoundTripper, method, url, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	code, got, err := do(t, rt, method, url, r)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return code, got
}

// idleCount is the number of idle raw connections to u's host.
func (c *Client) idleCount(u string) int {
	c.pool.mu.Lock()
	defer c.pool.mu.Unlock()
	return len(c.pool.idle[addr(mustURL(u))])
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
