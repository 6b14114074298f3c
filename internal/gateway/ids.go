package gateway

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"

	"github.com/apigw/apigw/internal/request"
	"github.com/google/uuid"
)

func init() { uuid.EnableRandPool() }

// newRequestID returns a UUID, as x-amzn-RequestId carries.
func newRequestID() string { return uuid.NewString() }

// addIDs adds the identifiers every API Gateway response carries (G-6).
// x-amz-apigw-id is derived from the request id: 16 characters of base64,
// the shape AWS sends.
func addIDs(resp *Response, requestID string) {
	sum := sha256.Sum256([]byte(requestID))
	resp.Headers = append(resp.Headers,
		request.Field{Name: HeaderRequestID, Value: requestID},
		request.Field{Name: HeaderAPIGWID, Value: base64.StdEncoding.EncodeToString(sum[:11])[:15] + "="},
	)
}

// resourceID derives a stable 10-character resource id from the API id and
// the resource path, as API Gateway gives every resource one.
func resourceID(apiID, path string) string {
	sum := sha256.Sum256([]byte(apiID + path))
	return hex.EncodeToString(sum[:5])
}

// decodedPath percent-decodes a request path for the event's path and the
// method ARN (P-1: decoded); the router has already rejected bad escapes.
func decodedPath(raw string) string {
	p, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return p
}
