package sam

import (
	"encoding/json"
	"testing"
)

const rpFn = errFn + `      Events:
        Pets: {Type: Api, Properties: {RestApiId: !Ref Api, Path: '/pets/{id}', Method: get}}
        Root: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /, Method: any}}
`

// TestResourcePolicy: each place a SAM template gives an API its resource
// policy becomes one policy document, with the statements SAM's transform
// writes (SAMTR SwaggerEditor.add_resource_policy, add_custom_statements):
// per path, the path's methods with {params} as "*" and ANY as "*".
func TestResourcePolicy(t *testing.T) {
	t.Parallel()
	allowAll := `{"Action":"execute-api:Invoke","Effect":"Allow","Principal":"*","Resource":"execute-api:/*"}`
	pets := `["execute-api:/prod/GET/pets/*"]`
	root := `["execute-api:/prod/*/"]`
	ipPair := func(res, op string) string {
		return `{"Action":"execute-api:Invoke","Effect":"Allow","Principal":"*","Resource":` + res + `},` +
			`{"Action":"execute-api:Invoke","Condition":{"` + op + `":{"aws:SourceIp":["10.0.0.0/8"]}},"Effect":"Deny","Principal":"*","Resource":` + res + `}`
	}
	tests := []struct {
		name, props, want string
	}{
		{"Serverless::Api Policy", "      Policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]}\n",
			`{"Statement":[` + allowAll + `],"Version":"2012-10-17"}`},
		{"Serverless::Api Policy as JSON text", "      Policy: '" + `{"Statement":[` + allowAll + `]}` + "'\n",
			`{"Statement":[` + allowAll + `]}`},
		{"Auth.ResourcePolicy CustomStatements", "      Auth:\n        ResourcePolicy:\n          CustomStatements: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]\n",
			`{"Statement":[` + allowAll + `],"Version":"2012-10-17"}`},
		{"Auth.ResourcePolicy one custom statement, not a list", "      Auth:\n        ResourcePolicy:\n          CustomStatements: {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}\n",
			`{"Statement":[` + allowAll + `],"Version":"2012-10-17"}`},
		{"IpRangeWhitelist: Allow and a NotIpAddress Deny per path", "      Auth:\n        ResourcePolicy:\n          IpRangeWhitelist: [10.0.0.0/8]\n",
			`{"Statement":[` + ipPair(root, "NotIpAddress") + `,` + ipPair(pets, "NotIpAddress") + `],"Version":"2012-10-17"}`},
		{"IpRangeBlacklist as one string", "      Auth:\n        ResourcePolicy:\n          IpRangeBlacklist: 10.0.0.0/8\n",
			`{"Statement":[` + ipPair(root, "IpAddress") + `,` + ipPair(pets, "IpAddress") + `],"Version":"2012-10-17"}`},
		{"AwsAccountWhitelist names principals", "      Auth:\n        ResourcePolicy:\n          AwsAccountWhitelist: ['111122223333']\n",
			`{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Principal":{"AWS":["111122223333"]},"Resource":` + root + `},` +
				`{"Action":"execute-api:Invoke","Effect":"Allow","Principal":{"AWS":["111122223333"]},"Resource":` + pets + `}],"Version":"2012-10-17"}`},
		{"definition policy keeps its statements; SAM's come after, duplicates left out",
			"      DefinitionBody:\n        openapi: 3.0.1\n        info: {title: t, version: '1'}\n        paths: {}\n" +
				"        x-amazon-apigateway-policy: {Version: '2012-10-17', Statement: {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}}\n" +
				"      Auth:\n        ResourcePolicy:\n          CustomStatements: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]\n",
			`{"Statement":[` + allowAll + `],"Version":"2012-10-17"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := errHeader + rpFn + "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n" + tt.props
			tpl, err := Load(writeTemplate(t, body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rp := tpl.APIs[0].ResourcePolicy
			if rp == nil {
				t.Fatal("no resource policy")
			}
			if got := canonicalJSON(t, rp.Document); got != canonicalJSON(t, []byte(tt.want)) {
				t.Errorf("policy:\n got %s\nwant %s", got, canonicalJSON(t, []byte(tt.want)))
			}
		})
	}
}

// TestEventResourcePolicy: a function event's Auth.ResourcePolicy covers
// its own path only, and a RestApi's Policy is its resource policy.
func TestEventResourcePolicy(t *testing.T) {
	t.Parallel()
	body := errHeader + errFn + `      Events:
        A: {Type: Api, Properties: {Path: /a, Method: post, Auth: {ResourcePolicy: {IpRangeBlacklist: [192.0.2.1]}}}}
        B: {Type: Api, Properties: {Path: /b, Method: get}}
  R:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy: {Statement: [{Effect: Deny, Principal: '*', Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${R}/*'}]}
      Body: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {}}
  S:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref R, StageName: v1}
`
	tpl, err := Load(writeTemplate(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"R": `{"Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Principal":"*","Resource":"arn:aws:execute-api:us-east-1:123456789012:` + tpl.APIs[0].ID + `/*"}]}`,
		ImplicitAPI: `{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Principal":"*","Resource":["execute-api:/Prod/POST/a"]},` +
			`{"Action":"execute-api:Invoke","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.1"]}},"Effect":"Deny","Principal":"*","Resource":["execute-api:/Prod/POST/a"]}],"Version":"2012-10-17"}`,
	}
	for _, a := range tpl.APIs {
		if a.ResourcePolicy == nil {
			t.Fatalf("%s: no resource policy", a.LogicalID)
		}
		if got := canonicalJSON(t, a.ResourcePolicy.Document); got != canonicalJSON(t, []byte(want[a.LogicalID])) {
			t.Errorf("%s policy:\n got %s\nwant %s", a.LogicalID, got, canonicalJSON(t, []byte(want[a.LogicalID])))
		}
	}
}

func canonicalJSON(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	out, _ := json.Marshal(v)
	return string(out)
}
