package openapi

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestErrorFiles loads each document in testdata/errors, checks the error's
// kind, that it names the file and the field, and compares its text with
// the .golden file next to it.
func TestErrorFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file      string
		wantKind  error
		wantField string
	}{
		{"bare-aws-proxy.yaml", ErrNeedsTemplate, "paths./pets.get.x-amazon-apigateway-integration.uri"},
		{"unknown-function.yaml", ErrUnknownFunction, "paths./pets.get.x-amazon-apigateway-integration.uri"},
		{"aws-integration.yaml", api.KindUnsupported, "paths./pets.get.x-amazon-apigateway-integration.type"},
		{"bad-ttl.yaml", api.KindInvalid, "components.securitySchemes.TokenAuth.x-amazon-apigateway-authorizer.authorizerResultTtlInSeconds"},
		{"greedy-not-last.yaml", api.KindInvalid, "paths./{proxy+}/details"},
		{"malformed.yaml", ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", "errors", tt.file)
			got, err := loadTestdata(t, path)
			if err == nil {
				t.Fatalf("load %s: got no error; want %v", path, tt.wantKind)
			}
			if !errors.Is(err, tt.wantKind) {
				t.Errorf("load %s: got %v; want kind %v", path, err, tt.wantKind)
			}
			var ae *api.Error
			if !errors.As(err, &ae) || ae.File != path || ae.Field != tt.wantField || ae.Kind != kindOf(tt.wantKind) {
				t.Errorf("load %s: got %+v; want file %s, field %q, %v", path, ae, path, tt.wantField, kindOf(tt.wantKind))
			}
			if !strings.Contains(got, path) || !strings.Contains(got, tt.wantField) {
				t.Errorf("load %s: got message %q; want it to name the file and %q", path, got, tt.wantField)
			}
			compareGolden(t, path, got)
		})
	}
}
