package sam

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// FuzzLoad: loading never panics, gives a model or an error made only of
// located errors of KindInvalid or KindIO (what apigw cannot serve yet is
// a finding, never an error), and a model passes Validate. It never fails
// open: every authorizer is one apigw runs or carries a Gap, a finding
// about an authorizer marks it, and every event whose Auth names an
// authorizer keeps one on its route.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(templatesDir, "*.*"))
	for _, s := range seeds {
		if strings.HasSuffix(s, ".golden") {
			continue
		}
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {Path: /, Method: get}}\n"))
	f.Add([]byte(errHeader + errFn + "      Events:\n        E: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /, Method: get, Auth: {Authorizer: AWS_IAM}}}\n" +
		"        C: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /c, Method: get, Auth: {Authorizer: A}}}\n" +
		errAPI("            UserPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/x\n")))
	f.Add([]byte(errHeader + "  Child:\n    Type: AWS::Serverless::Application\n    Properties: {Location: seed-token.yaml, Parameters: {X: y}}\n" +
		"  Far:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: https://example.com/t.yaml}\n" + errFn +
		"      Environment: {Variables: {A: !GetAtt Far.Outputs.Url}}\n      Events:\n        E: {Type: Api, Properties: {Path: /, Method: get}}\n"))
	f.Add([]byte(errHeader + "  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties: {ContentUri: .}\n" +
		"  S:\n    Type: AWS::Lambda::LayerVersion\n    Properties: {Content: {S3Bucket: b, S3Key: k}}\n" + errFn +
		"      Layers: [!Ref L, !Ref S, arn:aws:lambda:us-east-1:1:layer:x:1, !Ref Fn]\n"))
	f.Add([]byte(v2HTTPProxyTemplate("      RequestParameters: {'overwrite:path': '/v2/${request.path.id}', 'remove:header.x': ''}\n"+
		"      ResponseParameters: {'200': {'overwrite:statuscode': '201'}}\n") +
		"  Q: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: q, ProtocolType: HTTP, Target: 'https://example.com/', CorsConfiguration: {AllowOrigins: ['*']}}}\n"))
	// The template's folder is the golden templates folder, so relative
	// CodeUri, DefinitionUri and AWS::Include paths find real files.
	path := filepath.Join(templatesDir, "fuzz.yaml")
	cache := f.TempDir() // inline code and archives the fuzzer makes up
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := loadBytes(path, data, Options{CodeCache: cache})
		if (tpl == nil) == (err == nil) {
			t.Fatalf("loadBytes = %v, %v; want exactly one of a model or an error", tpl, err)
		}
		if err != nil {
			api.Leaves(err, func(e error) {
				if ae, ok := e.(*api.Error); !ok || ae.Kind == api.KindUnsupported {
					t.Fatalf("loadBytes error %#v: want only located errors (*api.Error) of KindInvalid or KindIO", e)
				}
			})
			return
		}
		if verr := tpl.Validate(); verr != nil {
			t.Fatalf("loaded model fails Validate: %v", verr)
		}
		checkAuthorizersModelled(t, tpl)
		checkEventAuthorizers(t, data, tpl)
		_ = dump(tpl, "")
	})
}

// routesTemplate is a SAM template with n routes over n/10 functions
// behind a cached TOKEN authorizer.
func routesTemplate(n int) string {
	var b strings.Builder
	b.WriteString(errHeader + `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Auth:
        DefaultAuthorizer: A
        Authorizers:
          A: {FunctionArn: !GetAtt Auth.Arn, Identity: {ReauthorizeEvery: 300}}
  Auth:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ., Handler: index.handler, Runtime: nodejs20.x}
`)
	for fn := 0; fn*10 < n; fn++ {
		fmt.Fprintf(&b, "  Fn%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: index.h%d\n      Runtime: !Sub nodejs20.x\n      Environment: {Variables: {ARN: !GetAtt Fn%d.Arn}}\n      Events:\n", fn, fn, fn)
		for e := 0; e < 10 && fn*10+e < n; e++ {
			fmt.Fprintf(&b, "        E%d: {Type: Api, Properties: {RestApiId: !Ref Api, Path: '/r%d/{id}/x%d', Method: %s}}\n",
				e, fn, e, []string{"get", "post", "put", "delete", "any"}[e%5])
		}
	}
	return b.String()
}

func BenchmarkLoad200Routes(b *testing.B) {
	path := writeTemplate(b, routesTemplate(200))
	tpl, err := Load(path, Options{})
	if err != nil || len(tpl.APIs[0].Routes) != 200 {
		b.Fatalf("Load = %v; want 200 routes", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// checkAuthorizersModelled: an authorizer is a TOKEN or REQUEST Lambda
// authorizer with a function of the template, or it has a Gap; a finding
// about an authorizer (Properties.Auth.Authorizers.NAME...) leaves it with
// a Gap, never a route without it.
func checkAuthorizersModelled(t *testing.T, tpl *api.Template) {
	for _, a := range tpl.APIs {
		for name, az := range a.Authorizers {
			if !az.Gap.Missing() && !az.IsLambda() && az.JWT != nil && len(az.JWT.Issuers) > 0 {
				continue // a JWT or Cognito authorizer, run by apigw
			}
			if !az.Gap.Missing() && (tpl.Functions[az.Function] == nil || !az.IsLambda()) {
				t.Fatalf("API %s authorizer %s = %+v: neither runnable nor marked with a Gap", a.LogicalID, name, az)
			}
		}
	}
	for _, e := range tpl.Unsupported {
		rest, ok := strings.CutPrefix(e.Field, "Properties.Auth.Authorizers.")
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(rest, ".")
		for _, a := range tpl.APIs {
			if az := a.Authorizers[name]; a.LogicalID == e.LogicalID && (az == nil || !az.Gap.Missing()) {
				t.Fatalf("finding %v: authorizer %s of %s is %+v; want it kept with a Gap", e, name, a.LogicalID, az)
			}
		}
	}
}

// checkEventAuthorizers reads the template on its own: every Api event
// whose Auth.Authorizer is a plain name other than NONE has, where its
// route is in the model, an authorizer on it.
func checkEventAuthorizers(t *testing.T, data []byte, tpl *api.Template) {
	raw, err := cfn.Decode("fuzz.yaml", data)
	if err != nil {
		return
	}
	for _, res := range raw.Resources {
		events := cfn.Lookup(res.Properties, "Events")
		for _, name := range cfn.Keys(events) {
			ev := cfn.Lookup(events, name)
			props := cfn.Lookup(ev, "Properties")
			typ, path, method := scalar(cfn.Lookup(ev, "Type")), scalar(cfn.Lookup(props, "Path")), scalar(cfn.Lookup(props, "Method"))
			auth := scalar(cfn.Lookup(cfn.Lookup(props, "Auth"), "Authorizer"))
			if typ != "Api" || auth == "" || auth == "NONE" || path == "" {
				continue
			}
			for _, a := range tpl.APIs {
				for _, r := range a.Routes {
					if r.Source.LogicalID == res.LogicalID && r.Source.Field == "Properties.Events."+name &&
						strings.EqualFold(r.Method, method) && r.Authorizer == "" {
						t.Fatalf("event %s.%s names authorizer %s; its route %s %s has none (fail open)", res.LogicalID, name, auth, r.Method, r.Path)
					}
				}
			}
		}
	}
}

// scalar is the text of a plain scalar node; "" for anything else.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
