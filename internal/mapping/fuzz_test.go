package mapping

import (
	"net/http"
	"testing"

	"github.com/apigw/apigw/internal/request"
)

// FuzzParse: any key and value give a Mapping or an error, never a
// panic; a parsed mapping evaluates and applies without panicking.
func FuzzParse(f *testing.F) {
	seeds := [][2]string{
		{"overwrite:header.x-user", "$request.header.X-User"},
		{"append:querystring.q", "${request.querystring.q}-${context.requestId}"},
		{"remove:header.x-secret", ""},
		{"overwrite:path", "$request.path"},
		{"overwrite:path", "/v2/${request.path.proxy}"},
		{"overwrite:header.stage", "$stageVariables.name"},
		{"overwrite:header.a", "${context.authorizer.user}"},
		{"overwrite:header.a", "${unclosed"},
		{"bogus", "x"},
		{"overwrite:header.authorization", "x"},
		{"overwrite:header.b", "$request.body.name"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		m, err := Parse(key, value)
		if err != nil {
			return
		}
		req := &request.Request{Path: "/a/b", Headers: []request.Field{{Name: "X-User", Value: "u"}}}
		out, _ := http.NewRequest("GET", "http://backend/x", nil)
		_ = List{m}.Apply(out, req, Vars{})
	})
}

// FuzzParseResponse: any response key and value give a Mapping or an
// error; a parsed one applies to a response without panicking.
func FuzzParseResponse(f *testing.F) {
	for _, s := range [][2]string{
		{"overwrite:statuscode", "204"},
		{"overwrite:statuscode", "$response.header.x-status"},
		{"append:header.x-from", "${response.header.server}-${context.requestId}"},
		{"remove:header.server", ""},
		{"overwrite:header.a", "$response.body.x"},
		{"overwrite:querystring.a", "x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		m, err := ParseResponse(key, value)
		if err != nil {
			return
		}
		r := Responses{200: List{m}}
		_, _, _ = r.Apply(200, []request.Field{{Name: "Server", Value: "s"}}, &request.Request{}, Vars{})
	})
}
