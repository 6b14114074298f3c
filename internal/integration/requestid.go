package integration

import (
	"crypto/sha256"
	"encoding/base64"
)

// extendedIDBytes is how many bytes an extended request id encodes; AWS's
// look like "TWegAcC4EowCHnA=" (16 characters of base64).
const extendedIDBytes = 11

// ExtendedRequestID derives $context.extendedRequestId, which API Gateway
// also sends as x-amz-apigw-id, from the request id: the same id always
// gives the same value, so the event and the header agree.
func ExtendedRequestID(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	return base64.StdEncoding.EncodeToString(sum[:extendedIDBytes])
}
