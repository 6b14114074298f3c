package api

import "testing"

// TestResponseDefaults pins G-1: each type's default status and the
// DEFAULT_xXX it falls back to, which is the class of its status (G-3).
func TestResponseDefaults(t *testing.T) {
	t.Parallel()
	want := map[ResponseType]int{ // G-1
		ResponseAccessDenied: 403, ResponseAPIConfigurationError: 500, ResponseAuthorizerConfigurationError: 500,
		ResponseAuthorizerFailure: 500, ResponseBadRequestParameters: 400, ResponseBadRequestBody: 400,
		ResponseDefault4XX: 400, ResponseDefault5XX: 500, ResponseExpiredToken: 403, ResponseIntegrationFailure: 504,
		ResponseIntegrationTimeout: 504, ResponseInvalidAPIKey: 403, ResponseInvalidSignature: 403,
		ResponseMissingAuthenticationToken: 403, ResponseQuotaExceeded: 429, ResponseRequestTooLarge: 413,
		ResponseResourceNotFound: 404, ResponseThrottled: 429, ResponseUnauthorized: 401,
		ResponseUnsupportedMediaType: 415, ResponseWAFFiltered: 403,
	}
	if got := ResponseTypes(); len(got) != len(want) {
		t.Fatalf("ResponseTypes() has %d types; G-1 has %d", len(got), len(want))
	}
	for typ, status := range want {
		d, ok := typ.Defaults()
		if !ok || d.Status != status || d.ErrorType == "" {
			t.Errorf("%s.Defaults() = %+v, %v; want status %d and an error type (G-1)", typ, d, ok, status)
		}
		parent := ResponseDefault4XX
		if status >= 500 {
			parent = ResponseDefault5XX
		}
		if typ == ResponseDefault4XX || typ == ResponseDefault5XX {
			parent = ""
		}
		if d.Parent != parent {
			t.Errorf("%s falls back to %q; want %q (G-3)", typ, d.Parent, parent)
		}
	}
	for _, typ := range []ResponseType{ResponseAuthorizerConfigurationError, ResponseAuthorizerFailure} {
		if d, _ := typ.Defaults(); d.Message != "" {
			t.Errorf("%s message = %q; want none, rendered as null (O-8)", typ, d.Message)
		}
	}
	if KnownResponseType("DEFAULT_6XX") {
		t.Error("KnownResponseType(DEFAULT_6XX) = true; want false")
	}
}
