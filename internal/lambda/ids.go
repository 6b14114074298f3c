package lambda

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
	"time"
)

// Per-invocation ids come from math/rand/v2's runtime source (ChaCha8 per
// thread, seeded by the OS): no system call and no lock on the warm path.
// They need to be unique, not secret: each Runtime API serves only its own
// process (DESIGN section 1).

// requestID returns a random (version 4) UUID, as Lambda's request ids are.
func requestID() string {
	var b [16]byte
	putUint64(b[:8], mrand.Uint64())
	putUint64(b[8:], mrand.Uint64())
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	hex.Encode(s[9:13], b[4:6])
	hex.Encode(s[14:18], b[6:8])
	hex.Encode(s[19:23], b[8:10])
	hex.Encode(s[24:], b[10:])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return string(s[:])
}

// traceID returns an X-Ray trace header value in the form Lambda passes in
// Lambda-Runtime-Trace-Id (not sampled: nothing is traced locally).
func traceID(now time.Time) string {
	var r [24]byte
	for i := 0; i < len(r); i += 8 {
		putUint64(r[i:i+8], mrand.Uint64())
	}
	b := make([]byte, 0, 80)
	b = append(b, "Root=1-"...)
	b = appendHex8(b, uint32(now.Unix()))
	b = append(b, '-')
	b = hex.AppendEncode(b, r[:12])
	b = append(b, ";Parent="...)
	b = hex.AppendEncode(b, r[12:20])
	b = append(b, ";Sampled=0"...)
	return string(b)
}

// appendHex8 appends v as eight lowercase hex digits.
func appendHex8(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>shift&0xf])
	}
	return b
}

func putUint64(b []byte, v uint64) {
	for i := range 8 {
		b[i] = byte(v >> (8 * i))
	}
}

// logStreamName is a CloudWatch log stream name as Lambda gives each
// execution environment: date, version, random hex.
func logStreamName(now time.Time) string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck // crypto/rand.Read never fails
	return now.UTC().Format("2006/01/02") + "/[$LATEST]" + hex.EncodeToString(b[:])
}
