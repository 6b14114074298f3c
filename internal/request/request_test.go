package request

import (
	"reflect"
	"testing"
)

func TestLookups(t *testing.T) {
	t.Parallel()
	r := &Request{
		Method:  "GET",
		Headers: []Field{{"headerauth1", "a"}, {"X-AMZ-Date", "d"}, {"HeaderAuth1", "b"}},
		Query:   []Field{{"QueryString1", "q1"}, {"querystring1", "lower"}},
		Stage:   "prod", Path: "/pets", Resource: "/{proxy+}", DeploymentID: "dep123",
	}
	tests := []struct {
		name   string
		got    func() (string, bool)
		want   string
		wantOK bool
	}{
		{"R-6 header names fold case, last wins", func() (string, bool) { return r.Header("HEADERAUTH1") }, "b", true},
		{"missing header", func() (string, bool) { return r.Header("Authorization") }, "", false},
		{"R-6 query names are case-sensitive", func() (string, bool) { return r.QueryValue("QueryString1") }, "q1", true},
		{"query miss by case", func() (string, bool) { return r.QueryValue("QUERYSTRING1") }, "", false},
		{"context.resourcePath", func() (string, bool) { return r.ContextValue(CtxResourcePath) }, "/{proxy+}", true},
		{"context.path has the stage", func() (string, bool) { return r.ContextValue(CtxPath) }, "/prod/pets", true},
		{"L-1 context.deploymentId", func() (string, bool) { return r.ContextValue(CtxDeploymentID) }, "dep123", true},
		{"unknown context var", func() (string, bool) { return r.ContextValue("nope") }, "", false},
	}
	for _, tt := range tests {
		got, ok := tt.got()
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s: got %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestMaps(t *testing.T) {
	t.Parallel()
	f := []Field{{"X-M", "a"}, {"x-m", "b"}, {"X-M", "c"}}
	if got, want := SingleMap(f), map[string]string{"X-M": "c", "x-m": "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SingleMap: got %v; want %v", got, want)
	}
	if got, want := MultiMap(f), map[string][]string{"X-M": {"a", "c"}, "x-m": {"b"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("MultiMap: got %v; want %v", got, want)
	}
	if SingleMap(nil) != nil || MultiMap(nil) != nil {
		t.Errorf("empty maps: got non-nil; want nil (L-1)")
	}
}

func TestValidHeaderName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"X-Api-Key", true}, {"x_a.b~!#$%&'*+^`|", true},
		{"", false}, {"a:b", false}, {"a b", false}, {"é", false}, {"a\r\n", false}, {"(x)", false},
	} {
		if got := ValidHeaderName(tt.name); got != tt.want {
			t.Errorf("ValidHeaderName(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
