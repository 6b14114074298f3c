package upstream

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// errTestDeadline is the cause the tests give RoundTripWithin.
var errTestDeadline = errors.New("test deadline")

// within is c sending with RoundTripWithin, by deadline.
type within struct {
	c        *Client
	deadline time.Time
}

func (w within) RoundTrip(req *http.Request) (*http.Response, error) {
	return w.c.RoundTripWithin(req, w.deadline, errTestDeadline)
}

// fetchWithin is fetch bounded by an exchange deadline.
func fetchWithin(ctx context.Context, c *Client, url string, deadline time.Time) error {
	return fetch(ctx, within{c, deadline}, url)
}

// TestRoundTripWithinDeadline: a backend that stops answering gives, once
// the exchange's own deadline passes, an error that is
// context.DeadlineExceeded and the cause, reading as a context's deadline
// error does; the connection is not reused. The same holds for Exchange.
func TestRoundTripWithinDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		reply string // sent, then the backend stalls
	}{
		{"no response head", ""},
		{"partial head", "HTTP/1.1 200 OK\r\n"},
		{"body stalls", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok"},
		{"chunked body stalls", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n"},
		{"body read to close stalls", "HTTP/1.1 200 OK\r\n\r\nok"},
	} {
		for _, s := range deadlineSenders {
			t.Run(s.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				c := newTestClient(t)
				srv := newRawServer(t, stallAfter(tc.reply))
				err := fetch(context.Background(), s.rt(c, time.Now().Add(50*time.Millisecond)), srv.url("/"))
				if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errTestDeadline) {
					t.Errorf("error %v; want context.DeadlineExceeded and the cause", err)
				}
				if err != nil && !strings.HasPrefix(err.Error(), "context deadline exceeded: ") {
					t.Errorf("error reads %q; want it to read as a context's deadline error", err)
				}
				if n := c.idleCount(srv.url("/")); n != 0 {
					t.Errorf("%d idle connections after a timeout; want 0", n)
				}
			})
		}
	}
}

// deadlineSenders are the two ways of bounding an exchange by a deadline
// of its own: RoundTripWithin and Exchange.
var deadlineSenders = []struct {
	name string
	rt   func(c *Client, deadline time.Time) http.RoundTripper
}{
	{"RoundTripWithin", func(c *Client, d time.Time) http.RoundTripper { return within{c, d} }},
	{"Exchange", func(c *Client, d time.Time) http.RoundTripper { return exchanger{c, d} }},
}

// TestRoundTripWithinDeadlineBeforeDial: a deadline already passed fails
// the dial with the deadline's error.
func TestRoundTripWithinDeadlineBeforeDial(t *testing.T) {
	t.Parallel()
	srv := newRawServer(t, replyAll(okReply))
	err := fetchWithin(context.Background(), newTestClient(t), srv.url("/"), time.Now().Add(-time.Second))
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errTestDeadline) {
		t.Errorf("error %v; want context.DeadlineExceeded and the cause", err)
	}
}

// TestRoundTripWithinCancel: cancelling the request's context still
// unblocks the exchange, with context.Canceled and not the deadline's
// cause; for Exchange too.
func TestRoundTripWithinCancel(t *testing.T) {
	t.Parallel()
	for _, s := range deadlineSenders {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			arrived := make(chan struct{})
			srv := newRawServer(t, func(_ int, c net.Conn) {
				close(arrived)
				stallAfter("")(0, c)
			})
			ctx, cancel := context.WithCancel(context.Background())
			go func() { <-arrived; cancel() }()
			err := fetch(ctx, s.rt(newTestClient(t), time.Now().Add(time.Hour)), srv.url("/"))
			if !errors.Is(err, context.Canceled) || errors.Is(err, errTestDeadline) {
				t.Errorf("error %v; want context.Canceled, not the deadline's cause", err)
			}
		})
	}
}

// TestRoundTripWithinStopsItsTimer: an exchange answered before its
// deadline leaves its connection idle and unharmed: the next exchange on
// it, without a deadline and still running when the first one's passes,
// is not interrupted.
func TestRoundTripWithinStopsItsTimer(t *testing.T) {
	t.Parallel()
	first := time.Now().Add(100 * time.Millisecond)
	srv := newRawServer(t, func(_ int, c net.Conn) {
		br := bufio.NewReader(c)
		for n := 0; ; n++ {
			if _, _, err := readRequest(br); err != nil {
				return
			}
			if n == 1 {
				time.Sleep(time.Until(first) + 50*time.Millisecond) // the condition: the first deadline has passed
			}
			if _, err := io.WriteString(c, okReply); err != nil {
				return
			}
		}
	})
	c := newTestClient(t)
	if err := fetchWithin(context.Background(), c, srv.url("/"), first); err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	if err := fetch(context.Background(), c, srv.url("/")); err != nil {
		t.Errorf("second exchange on the connection: %v; want it answered", err)
	}
	if n := srv.accepted.Load(); n != 1 {
		t.Errorf("%d connections; want 1 (reused)", n)
	}
}

// TestRoundTripWithinNotRaw: what the raw path does not take comes back
// as ErrNotRaw with the request's body unread.
func TestRoundTripWithinNotRaw(t *testing.T) {
	t.Parallel()
	body := strings.NewReader("payload")
	req := newReq(http.MethodPost, "https://127.0.0.1:1/x", body)
	_, err := newTestClient(t).RoundTripWithin(req, time.Now().Add(time.Hour), errTestDeadline)
	if !errors.Is(err, ErrNotRaw) {
		t.Errorf("error %v; want ErrNotRaw", err)
	}
	if body.Len() != len("payload") {
		t.Errorf("%d bytes of the body left; want it unread", body.Len())
	}
}
