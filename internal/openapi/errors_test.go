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

// TestGapFiles loads each document in testdata/gaps, which API Gateway
// deploys and apigw cannot serve all of: it loads, and its findings and
// the Gap of each route are compared with the .golden file next to it.
func TestGapFiles(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("testdata", "gaps", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no documents in testdata/gaps")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			var routes []*api.Route
			var findings []*api.Error
			if strings.HasPrefix(filepath.Base(path), "bare-") {
				tpl, err := LoadFile(path)
				if err != nil {
					t.Fatalf("LoadFile: %v; want it to load", err)
				}
				routes, findings = tpl.APIs[0].Routes, tpl.Unsupported
			} else {
				d, err := loadDefinition(t, path)
				if err != nil {
					t.Fatalf("Load: %v; want it to load", err)
				}
				routes, findings = d.Routes, d.Unsupported
			}
			var b strings.Builder
			for _, e := range findings {
				b.WriteString("unsupported " + e.Error() + "\n")
			}
			for _, r := range routes {
				b.WriteString("route " + r.Method + " " + r.Path + " gap=" + r.Integration.Gap.What + "\n")
			}
			compareGolden(t, path, b.String())
		})
	}
}
