package sam

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/openapi"
)

// httpExport is an HTTP API as AWS exports it, with its backend's
// host:port; it fails to read only when the repository is broken.
func httpExport(t *testing.T, backend string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/openapi/http-export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "BACKEND", backend)
}

// TestHTTPAPIDefinitionURIFile: an HttpApi's DefinitionUri naming a local
// file loads that file's routes (it was refused: "want a mapping"), and
// what the file gets wrong is placed in the file, from its root.
func TestHTTPAPIDefinitionURIFile(t *testing.T) {
	t.Parallel()
	tpl, err := loadNested(t, map[string]string{
		"api.yaml":      httpExport(t, "127.0.0.1:9"),
		"template.yaml": errHeader + "  H:\n    Type: AWS::Serverless::HttpApi\n    Properties: {DefinitionUri: ./api.yaml}\n",
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	a := apiByID(t, tpl, "H")
	if !a.IsHTTP() || a.Stage != "$default" || len(a.Routes) != 3 {
		t.Fatalf("H: kind %q stage %q %d routes; want an HTTP API on $default with the file's 3 routes", a.Kind, a.Stage, len(a.Routes))
	}
	fn := routeOf(t, a, "POST", "/fn")
	if !fn.Integration.Gap.Missing() || filepath.Base(fn.Integration.Gap.Source.File) != "api.yaml" || fn.Integration.Gap.Source.Field != "paths./fn.post" {
		t.Fatalf("POST /fn gap %+v; want one placed at api.yaml's paths./fn.post", fn.Integration.Gap)
	}
}

// TestLoadHTTPAPIDocument: an HTTP API's document on its own is that HTTP
// API, named after the file, on $default; its HTTP proxy route is served,
// and its Lambda route and authorizer fail closed in a bare REST
// document's words (they said "outside this template", with no template).
func TestLoadHTTPAPIDocument(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "pets-export.yaml")
	if err := os.WriteFile(path, []byte(httpExport(t, "127.0.0.1:9")), 0o644); err != nil {
		t.Fatal(err)
	}
	tpl, err := LoadHTTPAPIDocument(path, Options{})
	if err != nil {
		t.Fatalf("LoadHTTPAPIDocument: %v", err)
	}
	a := apiByID(t, tpl, "petsexport")
	if !a.IsHTTP() || a.Stage != "$default" {
		t.Fatalf("kind %q stage %q; want an HTTP API on $default", a.Kind, a.Stage)
	}
	if r := routeOf(t, a, "GET", "/pets"); r.Integration.Type != api.IntegrationHTTPProxy || r.Integration.Gap.Missing() {
		t.Fatalf("GET /pets %+v; want a served http_proxy", r.Integration)
	}
	const bare = "in an OpenAPI document served on its own" // a bare REST document's words (openapi.NeedsTemplate)
	if r := routeOf(t, a, "POST", "/fn"); r.Integration.Gap.What != "Lambda integrations "+bare {
		t.Fatalf("POST /fn gap %+v; want it to fail closed: its function is in no template", r.Integration.Gap)
	}
	if az := a.Authorizers["auth"]; az == nil || az.Gap.What != "Lambda authorizers "+bare {
		t.Fatalf("authorizer auth %+v; want it to fail closed: its function is in no template", az)
	}
	if !slices.ContainsFunc(tpl.Unsupported, func(e *api.Error) bool { return errors.Is(e, openapi.ErrNeedsTemplate) }) {
		t.Fatalf("findings %v; want one saying the document needs a template", tpl.Unsupported)
	}
}

func routeOf(t *testing.T, a *api.API, method, path string) *api.Route {
	t.Helper()
	for _, r := range a.Routes {
		if r.Method == method && r.Path == path {
			return r
		}
	}
	t.Fatalf("no route %s %s in %s", method, path, a.LogicalID)
	return nil
}

// TestHTTPAPIDefinitionOnS3: an HTTP API whose definition is on S3 (an
// object or an s3:// URI) cannot be read here; as for a REST API, the API
// gets a Gap, so every request to it fails closed (it loaded with no
// routes: every request answered 404).
func TestHTTPAPIDefinitionOnS3(t *testing.T) {
	t.Parallel()
	for name, props := range map[string]string{
		"object":                      "Type: AWS::Serverless::HttpApi\n    Properties: {DefinitionUri: {Bucket: b, Key: k.yaml}}",
		"URI":                         "Type: AWS::Serverless::HttpApi\n    Properties: {DefinitionUri: s3://b/k.yaml}",
		"ApiGatewayV2 BodyS3Location": "Type: AWS::ApiGatewayV2::Api\n    Properties: {BodyS3Location: {Bucket: b, Key: k.yaml}}",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(writeTemplate(t, errHeader+"  H:\n    "+props+"\n"), Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if a := apiByID(t, tpl, "H"); !a.Gap.Missing() || !strings.Contains(a.Gap.What, "S3") {
				t.Fatalf("H gap %+v; want one naming S3", a.Gap)
			}
		})
	}
}
