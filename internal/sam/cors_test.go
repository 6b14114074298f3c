package sam

import (
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestCorsValues pins how Cors values reach the preflight mock (SAM-2,
// SAM-3): the transform copies static values, so what loads and what the
// OPTIONS answer carries follow SAM's transform, not SAM CLI.
func TestCorsValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cors string
		want       map[string]string // preflight headers; nil: header absent
		warn       string            // a warning containing this, or "" for none
	}{
		{"SAM-2 quoted MaxAge loads unquoted", "MaxAge: \"'600'\"",
			map[string]string{headerMaxAge: "600", headerAllowOrigin: "*"}, ""},
		{"SAM-2 bare integer MaxAge passes on", "MaxAge: 600",
			map[string]string{headerMaxAge: "600"}, ""},
		{"SAM-2 AllowOrigin defaults to *", "AllowHeaders: \"'X-Y'\"",
			map[string]string{headerAllowOrigin: "*", headerAllowHeaders: "X-Y", headerAllowMethods: "GET,OPTIONS"}, ""},
		{"SAM-3 boolean true adds the header", "AllowCredentials: true",
			map[string]string{headerAllowCredentials: "true"}, ""},
		{"SAM-3 quoted 'true' deploys without the header", "AllowCredentials: \"'true'\"",
			map[string]string{headerAllowCredentials: ""}, "AllowCredentials: is not the boolean true"},
		{"SAM-3 string true deploys without the header", "AllowCredentials: \"true\"",
			map[string]string{headerAllowCredentials: ""}, "AllowCredentials: is not the boolean true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := errHeader + "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: dev\n      Cors:\n        " + tt.cors + "\n" +
				errFn + "      Events:\n        G: {Type: Api, Properties: {Path: /x, Method: get, RestApiId: !Ref Api}}\n"
			tpl, err := Load(writeTemplate(t, body), Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkPreflight(t, preflight(t, tpl), tt.want)
			checkWarning(t, tpl.Warnings, tt.warn)
		})
	}
}

func preflight(t *testing.T, tpl *api.Template) *api.MockResponse {
	t.Helper()
	for _, r := range tpl.APIs[0].Routes {
		if r.Method == methodOptions && r.Path == "/x" {
			return r.Integration.Mock
		}
	}
	t.Fatal("no OPTIONS /x preflight")
	return nil
}

func checkPreflight(t *testing.T, m *api.MockResponse, want map[string]string) {
	t.Helper()
	for k, v := range want {
		got, ok := m.Headers[k]
		if v == "" && ok {
			t.Errorf("%s = %q, want absent", k, got)
		}
		if v != "" && got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if m.StatusCode != 200 || m.Body != corsBody {
		t.Errorf("preflight %d %q, want 200 %q", m.StatusCode, m.Body, corsBody)
	}
}

func checkWarning(t *testing.T, warnings []string, want string) {
	t.Helper()
	found := false
	for _, w := range warnings {
		found = found || (want != "" && strings.Contains(w, want))
		if want == "" && strings.Contains(w, "Cors") {
			t.Errorf("unexpected warning %q", w)
		}
	}
	if want != "" && !found {
		t.Errorf("warnings %q lack %q", warnings, want)
	}
}
