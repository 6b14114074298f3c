package integration

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"

	"github.com/apigw/apigw/internal/request"
)

// extendedIDBytes is how many bytes an extended request id encodes; AWS's
// look like "TWegAcC4EowCHnA=" (16 characters of base64).
const extendedIDBytes = 11

// ExtendedRequestID derives $context.extendedRequestId, which API Gateway
// also sends as x-amz-apigw-id, from the request id: the same id always
// gives the same value, so the event and the header agree.
func ExtendedRequestID(requestID string) string {
	var buf [ExtendedRequestIDLen]byte
	return string(AppendExtendedRequestID(buf[:0], requestID))
}

// ExtendedRequestIDLen is an extended request id's length in base64.
const ExtendedRequestIDLen = (extendedIDBytes + 2) / 3 * 4

// appendExtendedRequestID appends ExtendedRequestID(requestID) as a JSON
// string.
func appendExtendedRequestID(b []byte, requestID string) []byte {
	return append(AppendExtendedRequestID(append(b, '"'), requestID), '"')
}

// appendExtendedOrSame appends requestContext.extendedRequestId: derived
// from the request id, or on an HTTP API the request id itself (V-3: the
// gateway gave it the short form already).
func (l *lambdaIntegration) appendExtendedOrSame(b []byte, req *request.Request) []byte {
	if l.opts.HTTPAPI {
		return appendString(b, req.RequestID)
	}
	return appendExtendedRequestID(b, req.RequestID)
}

// AppendExtendedRequestID appends ExtendedRequestID(requestID): the first
// bytes of a UUID request id, or of the SHA-256 of any other id, in
// base64.
func AppendExtendedRequestID(b []byte, requestID string) []byte {
	var raw [sha256.Size]byte
	if !uuidBytes(raw[:extendedIDBytes], requestID) {
		raw = sha256.Sum256([]byte(requestID))
	}
	return base64.StdEncoding.AppendEncode(b, raw[:extendedIDBytes])
}

// uuidBytes decodes the leading hex digits of a UUID (dashes skipped) into
// dst, and reports whether there were enough.
func uuidBytes(dst []byte, id string) bool {
	var digits [2 * extendedIDBytes]byte
	n := 0
	for i := 0; i < len(id) && n < len(digits); i++ {
		if id[i] != '-' {
			digits[n] = id[i]
			n++
		}
	}
	_, err := hex.Decode(dst, digits[:n])
	return n == len(digits) && err == nil
}
