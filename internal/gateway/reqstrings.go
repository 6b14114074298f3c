package gateway

import "unsafe"

// requestStrings holds the strings a request makes that outlive it (its
// header block, query, path, request ids and method ARN: a record in the
// history ring and an explanation keep them), carved out of one buffer:
// one allocation per request instead of one per string.
//
// Ownership: the buffer belongs to one request. Bytes are only appended,
// never written again, and the buffer is never handed to another request
// (the front end's pooled state drops it, exchange.release zeroes it), so
// every string carved from it stays valid and unchanged as long as anyone
// holds it. A copy of a requestStrings must not be appended to once the
// original is (the front end hands its copy to the gateway and stops).
type requestStrings struct{ b []byte }

// withRoom is a requestStrings with room for n bytes: one allocation,
// made now.
func withRoom(n int) requestStrings { return requestStrings{b: make([]byte, 0, n)} }

// add copies p in and returns it as a string.
func (s *requestStrings) add(p []byte) string {
	start := len(s.b)
	return s.take(append(s.b, p...), start)
}

// take makes b, which s.b extended from start (by append: a grown b is a
// new array, and what was carved before stays in the old one), s's
// buffer, and returns what was appended as a string.
func (s *requestStrings) take(b []byte, start int) string {
	s.b = b
	if len(b) == start {
		return ""
	}
	return unsafe.String(&b[start], len(b)-start) // never written again: see requestStrings
}
