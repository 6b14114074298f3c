package lambda

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// traceID returns an X-Ray trace header value in the form Lambda passes in
// Lambda-Runtime-Trace-Id (not sampled: nothing is traced locally).
func traceID(now time.Time) string {
	var b [20]byte
	rand.Read(b[:]) //nolint:errcheck // crypto/rand.Read never fails
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0",
		now.Unix(), hex.EncodeToString(b[:12]), hex.EncodeToString(b[12:]))
}

// logStreamName is a CloudWatch log stream name as Lambda gives each
// execution environment: date, version, random hex.
func logStreamName(now time.Time) string {
	var b [16]byte
	rand.Read(b[:]) //nolint:errcheck // as above
	return now.UTC().Format("2006/01/02") + "/[$LATEST]" + hex.EncodeToString(b[:])
}
