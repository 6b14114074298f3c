package integration

import (
	"context"
	"fmt"
	"net/http"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/mapping"
	"github.com/apigw/apigw/internal/request"
)

// An HTTP API's HTTP proxy integration is REST's (L-4: the same headers
// added, dropped and remapped, the URI's path variables and {proxy}
// substituted, the query string passed on) plus the integration's
// parameter mapping, parsed here at load and applied to each backend
// request after it is built.

// withParams parses cfg's parameter mapping (an error names every bad
// entry) and keeps the route key $context.routeKey reads.
func (h *httpProxy) withParams(cfg api.Integration, opts Options) error {
	params, err := mapping.ParseAll(cfg.RequestParameters)
	if err != nil {
		return err
	}
	h.params, h.routeKey = params, opts.RouteKey
	return nil
}

// applyParams applies the parameter mapping to out, reading req and the
// authorizer's context. An overwritten path that would leave the path
// the authorizer saw is refused as a dot segment is (400).
func (h *httpProxy) applyParams(out *http.Request, req *request.Request, auth *Authorization) error {
	if len(h.params) == 0 {
		return nil
	}
	vars := mapping.Vars{RouteKey: h.routeKey}
	if auth != nil {
		vars.Authorizer = auth.Context
	}
	if err := h.params.Apply(out, req, vars); err != nil {
		return fmt.Errorf("%w: %w", ErrDotSegment, err)
	}
	return nil
}

// responseMapped is an HTTP API integration with response parameters: the
// integration's response, changed as the entries for its status say.
type responseMapped struct {
	next     Integration
	params   mapping.Responses
	routeKey string
}

func withResponseParams(next Integration, cfg api.Integration, opts Options) (Integration, error) {
	params, err := mapping.ParseResponses(cfg.ResponseParameters)
	if err != nil {
		return nil, err
	}
	return &responseMapped{next: next, params: params, routeKey: opts.RouteKey}, nil
}

// Serve calls the integration and maps its response. A mapped status
// outside 200-599 is a malformed response (BAD-1).
func (r *responseMapped) Serve(ctx context.Context, req *request.Request, auth *Authorization) (*Response, error) {
	resp, err := r.next.Serve(ctx, req, auth)
	if err != nil {
		return nil, err
	}
	vars := mapping.Vars{RouteKey: r.routeKey}
	if auth != nil {
		vars.Authorizer = auth.Context
	}
	status, headers, err := r.params.Apply(resp.StatusCode, resp.Headers, req, vars)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	resp.StatusCode, resp.Headers = status, remapHeaders(headers)
	return resp, nil
}
