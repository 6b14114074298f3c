package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/integration"
	"github.com/apigw/apigw/internal/request"
	"github.com/google/uuid"
)

func init() { uuid.EnableRandPool() }

// newRequestID returns a UUID, as x-amzn-RequestId carries.
func newRequestID() string { return uuid.NewString() }

// addIDs adds the identifiers every API Gateway response carries (G-6).
// x-amz-apigw-id is the extendedRequestId the Lambda-proxy event carries.
// Headers may be shared (a gateway response's precomputed list), so the
// append never writes into their spare capacity. An HTTP API's responses
// carry apigw-requestid instead.
func addIDs(x *exchange, resp *Response) {
	if x.isHTTP() {
		addHTTPAPIID(x, resp)
		return
	}
	requestID := x.req.RequestID
	x.extendedID = integration.ExtendedRequestID(requestID)
	resp.Headers = append(slices.Clip(resp.Headers),
		request.Field{Name: HeaderRequestID, Value: requestID},
		request.Field{Name: HeaderAPIGWID, Value: x.extendedID},
	)
}

// resourceID derives a stable 10-character resource id from the API id and
// the resource path, as API Gateway gives every resource one.
func resourceID(apiID, path string) string {
	sum := sha256.Sum256([]byte(apiID + path))
	return hex.EncodeToString(sum[:5])
}

// deploymentID derives a stable 6-character [a-z0-9] id for the deployment
// a stage serves, shaped like API Gateway's ("ab12cd"; L-1).
func deploymentID(apiID, stage string) string {
	return api.IDFor(apiID + "/" + stage)[:deploymentIDLen]
}

const deploymentIDLen = 6

// decodedPath percent-decodes a request path for the method ARN (P-1:
// decoded); the router has already rejected bad escapes.
func decodedPath(raw string) string {
	p, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return p
}
