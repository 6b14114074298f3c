package request

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"time"
)

// HeaderTraceID is the X-Ray trace header API Gateway passes to the
// integration and returns on Lambda proxy responses (L-5, L-8).
const HeaderTraceID = "X-Amzn-Trace-Id"

// Parts of a trace header value ("Root=1-…;Parent=…;Sampled=1").
const (
	traceRoot       = "Root="
	traceParent     = "Parent="
	traceSampled    = "Sampled="
	traceNotSampled = "Sampled=0"
	traceVersion    = "1-"
)

// Sizes, in bytes, of the random parts of a trace header: a 96-bit trace
// id and a 64-bit parent segment id.
const (
	traceIDBytes  = 12
	parentIDBytes = 8
)

// TraceID returns the X-Amzn-Trace-Id API Gateway gives this request
// (L-5, L-8):
//   - the client's value as sent when it has a Root and a Parent;
//   - the client's Root followed by a generated Parent and then the
//     client's other parts (Sampled=0 when it gave none) when it has only
//     a Root;
//   - otherwise (also when the client's value holds a control character) a new "Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16
//     hex>;Sampled=0", the epoch being the request's arrival.
//
// The value is computed on the first call and kept, so the event, the
// backend request and the response carry the same one. Like the rest of
// Request, it is not safe for concurrent use.
func (r *Request) TraceID() string {
	r.makeTrace()
	if r.traceID == "" {
		r.traceID = string(r.generatedTrace[:])
	}
	return r.traceID
}

// appendTraceID appends TraceID's value; a generated one is appended from
// r's own array, without a string of its own.
func (r *Request) appendTraceID(b []byte) []byte {
	r.makeTrace()
	if r.traceID == "" {
		return append(b, r.generatedTrace[:]...)
	}
	return append(b, r.traceID...)
}

// makeTrace makes the trace header's value once: the client's, or one
// built from it, in traceID; a generated one in generatedTrace, until
// TraceID wants it as a string.
func (r *Request) makeTrace() {
	if r.traceID != "" || r.traceGenerated {
		return
	}
	sent, _ := r.Header(HeaderTraceID)
	if !ValidHeaderValue(sent) {
		sent = ""
	}
	root, hasParent := traceRootOf(sent)
	switch {
	case root == "":
		appendGeneratedTrace(r.generatedTrace[:0], r.ReceivedAt)
		r.traceGenerated = true
	case hasParent:
		r.traceID = sent
	default:
		r.traceID = withParent(root, sent)
	}
}

// traceRootOf returns the Root part of a client's trace header ("" when it
// has none with a value) and whether it has a Parent part.
func traceRootOf(v string) (root string, hasParent bool) {
	for part := range strings.SplitSeq(v, ";") {
		part = strings.TrimSpace(part)
		switch {
		case root == "" && len(part) > len(traceRoot) && strings.HasPrefix(part, traceRoot):
			root = part
		case strings.HasPrefix(part, traceParent):
			hasParent = true
		}
	}
	return root, hasParent
}

// withParent is root, a generated Parent, then the parts of sent other
// than root (Sampled=0 when none of them is a Sampled part).
func withParent(root, sent string) string {
	b := make([]byte, 0, len(sent)+len(";Parent=;Sampled=0")+2*parentIDBytes)
	b = appendRandomHex(append(append(b, root...), ";"+traceParent...), parentIDBytes)
	sampled, rootDone := false, false
	for part := range strings.SplitSeq(sent, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !rootDone && part == root {
			rootDone = true
			continue
		}
		sampled = sampled || strings.HasPrefix(part, traceSampled)
		b = append(append(b, ';'), part...)
	}
	if !sampled {
		b = append(append(b, ';'), traceNotSampled...)
	}
	return string(b)
}

// generatedTraceLen is the length of a generated trace header.
const generatedTraceLen = len("Root=1-12345678-;Parent=;Sampled=0") + 2*traceIDBytes + 2*parentIDBytes

// appendGeneratedTrace appends a new, unsampled trace header for a
// request that arrived at t: generatedTraceLen bytes.
func appendGeneratedTrace(b []byte, t time.Time) []byte {
	if t.IsZero() {
		t = time.Now()
	}
	b = append(b, traceRoot+traceVersion...)
	var epoch [4]byte
	binary.BigEndian.PutUint32(epoch[:], uint32(t.Unix()))
	b = hex.AppendEncode(b, epoch[:])
	b = appendRandomHex(append(b, '-'), traceIDBytes)
	b = appendRandomHex(append(b, ";"+traceParent...), parentIDBytes)
	return append(append(b, ';'), traceNotSampled...)
}

// appendRandomHex appends n random bytes (n <= 16) as 2n hex digits. The
// ids are not secrets: math/rand is enough.
func appendRandomHex(b []byte, n int) []byte {
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], rand.Uint64())
	binary.BigEndian.PutUint64(raw[8:], rand.Uint64())
	return hex.AppendEncode(b, raw[:n])
}
