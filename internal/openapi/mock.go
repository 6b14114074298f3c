package openapi

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Mock integration wire names.
const (
	contentTypeJSON      = "application/json"
	responseDefault      = "default"
	methodResponseHeader = "method.response.header."
)

// vtlMarkers are signs that a template uses VTL, which apigw does not evaluate.
var vtlMarkers = []string{"$input", "$context", "$util", "$stageVariables", "$method", "#set", "#if", "#foreach"}

// mock reads a mock integration, kept simple: the request template's
// statusCode (default 200) picks responses."CODE" or responses.default,
// whose statusCode, static headers and application/json template are
// served as they are.
func (l *loader) mock(o object) api.Integration {
	in := api.Integration{Type: api.IntegrationMock, TimeoutMs: l.timeout(o)}
	status, gap := l.mockRequestStatus(o)
	in.Gap = gap
	v, ok := o.m[fieldResponses]
	if !ok {
		l.fail(api.KindInvalid, l.at(join(o.field, fieldResponses)), "missing: a mock integration needs responses.default (or responses.\"%d\")", status)
		return in
	}
	responses, ok := l.object(v, join(o.field, fieldResponses))
	if !ok {
		return in
	}
	key := strconv.Itoa(status)
	if _, found := responses.m[key]; !found {
		key = responseDefault
	}
	raw, found := responses.m[key]
	if !found {
		l.fail(api.KindInvalid, l.at(responses.field), "no response for status %d: want responses.default or responses.\"%d\"", status, status)
		return in
	}
	if len(responses.m) > 1 {
		l.warn(l.at(responses.field), "only responses.%s is served; selection patterns are not evaluated", key)
	}
	in.Mock, gap = l.mockResponse(raw, join(responses.field, key), status)
	firstGap(&in.Gap, gap)
	return in
}

// mockRequestStatus reads {"statusCode": N} from the application/json
// request template; 200 when there is none.
func (l *loader) mockRequestStatus(o object) (int, api.Gap) {
	templates := l.stringMap(o, fieldRequestTemplates)
	tmpl, ok := templates[contentTypeJSON]
	if !ok {
		return 200, api.Gap{}
	}
	status, ok := templateStatus(tmpl)
	if !ok {
		return 200, l.gap(l.at(join(o.field, fieldRequestTemplates, contentTypeJSON)), "VTL request templates in mock integrations",
			"%s (only a plain {\"statusCode\": CODE} template)", areNotYet)
	}
	return status, api.Gap{}
}

// bareStatus is the template CDK writes for CORS preflight mocks, its key
// unquoted ({ statusCode: 200 }); API Gateway's mock reads it as the JSON
// form.
var bareStatus = regexp.MustCompile(`^\s*\{\s*statusCode\s*:\s*(\d{3})\s*\}\s*$`)

// templateStatus is the status code of a plain request template, JSON or
// CDK's unquoted form; ok is false for anything else (VTL).
func templateStatus(tmpl string) (int, bool) {
	var body struct {
		StatusCode int `json:"statusCode"`
	}
	if err := json.Unmarshal([]byte(tmpl), &body); err != nil {
		m := bareStatus.FindStringSubmatch(tmpl)
		if m == nil {
			return 0, false
		}
		body.StatusCode, _ = strconv.Atoi(m[1])
	}
	return body.StatusCode, body.StatusCode >= 100 && body.StatusCode <= 599
}

func (l *loader) mockResponse(v any, field string, status int) (*api.MockResponse, api.Gap) {
	var gap api.Gap
	o, ok := l.object(v, field)
	if !ok {
		return nil, gap
	}
	l.checkFields(o, fieldStatusCode, fieldResponseParameters, fieldResponseTemplates, fieldContentHandling)
	if _, ok := o.m[fieldContentHandling]; ok {
		l.warn(l.at(join(field, fieldContentHandling)), "contentHandling is recognised and ignored: the body is served as written")
	}
	m := &api.MockResponse{StatusCode: l.statusCode(o, fieldStatusCode, status), Headers: map[string]string{}}
	params := l.stringMap(o, fieldResponseParameters)
	for _, key := range sortedKeys(params) {
		name, ok := strings.CutPrefix(key, methodResponseHeader)
		value, static := api.StaticValue(params[key])
		if !ok || name == "" || !static {
			firstGap(&gap, l.gap(l.at(join(field, fieldResponseParameters, key)), "mock response headers that are not static values",
				"%s (only %sNAME: \"'value'\")", areNotYet, methodResponseHeader))
			continue
		}
		m.Headers[name] = value
	}
	m.Body = l.mockBody(o)
	return m, gap
}

func (l *loader) mockBody(o object) string {
	templates := l.stringMap(o, fieldResponseTemplates)
	for _, ct := range sortedKeys(templates) {
		if ct != contentTypeJSON {
			l.warn(l.at(join(o.field, fieldResponseTemplates, ct)), "only the %s template is served", contentTypeJSON)
		}
	}
	body := templates[contentTypeJSON]
	for _, marker := range vtlMarkers {
		if strings.Contains(body, marker) {
			l.warn(l.at(join(o.field, fieldResponseTemplates, contentTypeJSON)), "served as written: VTL (%s) is not evaluated", marker)
			break
		}
	}
	return body
}
