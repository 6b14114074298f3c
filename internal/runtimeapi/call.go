package runtimeapi

import (
	"time"
)

// Invocation is one event for the function, as GET /next hands it out.
type Invocation struct {
	RequestID   string
	Payload     []byte
	FunctionARN string
	TraceID     string
	// ClientContext and CognitoIdentity are JSON documents, sent only when set.
	ClientContext   string
	CognitoIdentity string
	// Timeout is the function's time limit; the deadline the runtime sees
	// is the moment of delivery plus Timeout.
	Timeout time.Duration
	// Delivering, when set, runs just before the event is written to the
	// runtime: whatever it logs precedes anything the handler prints. It
	// gets the deadline the runtime is sent (the Call's Deadline).
	Delivering func(deadline time.Time)
}

// Result is how a Call ended. Exactly one of Payload (a response was posted)
// and Err is set. Err is an *event.FunctionError for a posted function error
// or an oversized response, an *InitError for an init error, or the cause
// given to Abort.
type Result struct {
	Payload []byte
	Err     error
}

// Call is one submitted Invocation. Its channels close once: Delivered when
// the runtime polled it, Done when it has a Result.
type Call struct {
	srv       *Server
	inv       Invocation
	delivered chan struct{}
	done      chan struct{}
	// Set under srv.mu before the matching channel closes.
	deliveredAt time.Time
	deadline    time.Time
	result      Result
	violation   error
	finished    bool
}

func newCall(s *Server, inv Invocation) *Call {
	return &Call{srv: s, inv: inv, delivered: make(chan struct{}), done: make(chan struct{})}
}

// RequestID returns the invocation's request id.
func (c *Call) RequestID() string { return c.inv.RequestID }

// Delivered is closed when the runtime received the invocation.
func (c *Call) Delivered() <-chan struct{} { return c.delivered }

// Done is closed when the Call has its Result.
func (c *Call) Done() <-chan struct{} { return c.done }

// DeliveredAt is when the runtime received the invocation; valid once
// Delivered is closed.
func (c *Call) DeliveredAt() time.Time { return c.deliveredAt }

// Deadline is DeliveredAt plus the invocation's Timeout; valid once
// Delivered is closed.
func (c *Call) Deadline() time.Time { return c.deadline }

// Result returns how the call ended; valid once Done is closed.
func (c *Call) Result() Result { return c.result }

// Violation returns the last protocol error the runtime made while this
// call ran (a post for another request id, an illegal transition), or nil.
func (c *Call) Violation() error {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	return c.violation
}

// Withdraw takes back a call the runtime has not polled yet. It reports
// whether it did; false means the call was delivered or finished already.
func (c *Call) Withdraw() bool { return c.srv.withdraw(c) }

// deliver marks the call handed out; the caller holds srv.mu.
func (c *Call) deliver(now time.Time) {
	c.deliveredAt = now
	c.deadline = now.Add(c.inv.Timeout)
	close(c.delivered)
}

// finish sets the result once; the caller holds srv.mu.
func (c *Call) finish(r Result) {
	if c.finished {
		return
	}
	c.finished = true
	c.result = r
	close(c.done)
}
