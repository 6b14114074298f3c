package cfn

import (
	"errors"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

const testTemplate = `
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Names: {Type: CommaDelimitedList, Default: "a, b,c"}
  NoDefault: {Type: String}
  FromSSM: {Type: "AWS::SSM::Parameter::Value<String>", Default: /x/y}
Mappings:
  Sizes: {dev: {Memory: "256"}, prod: {Memory: "1024"}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: {"Fn::Not": [{Condition: IsProd}]}
  Both: !And [!Condition IsDev, !Or [!Equals [a, a], !Equals [a, b]]]
  Loop: !Not [!Condition Loop]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: !Sub "${AWS::StackName}-fn"}
  Plain:
    Type: AWS::Lambda::Function
  Api:
    Type: AWS::Serverless::Api
  Role:
    Type: AWS::IAM::Role
  Table:
    Type: AWS::DynamoDB::Table
  SelfNamed:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Ref SelfNamed}
`

func testResolver(t *testing.T) *Resolver {
	t.Helper()
	tpl, err := Decode("t.yaml", []byte(testTemplate))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return NewResolver(tpl, Options{Region: "eu-west-1", AccountID: "111122223333", StackName: "stk",
		ParameterOverrides: map[string]string{"Env": "prod"}})
}

func TestResolve(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"Ref parameter override", `!Ref Env`, "prod"},
		{"Ref long form", `{Ref: Env}`, "prod"},
		{"Ref list parameter trims", `!Join ["|", !Ref Names]`, "a|b|c"},
		{"Ref pseudo parameters", `!Join [",", [!Ref "AWS::Region", !Ref "AWS::AccountId", !Ref "AWS::StackName", !Ref "AWS::Partition", !Ref "AWS::URLSuffix"]]`,
			"eu-west-1,111122223333,stk,aws,amazonaws.com"},
		{"Ref function is its name", `!Ref Fn`, "stk-fn"},
		{"Ref function without FunctionName", `!Ref Plain`, "Plain"},
		{"Ref api is its id", `!Ref Api`, api.IDFor("Api")},
		{"Ref other resource is its logical id", `!Ref Table`, "Table"},
		{"GetAtt short dotted", `!GetAtt Fn.Arn`, "arn:aws:lambda:eu-west-1:111122223333:function:stk-fn"},
		{"GetAtt short list", `!GetAtt [Plain, Arn]`, "arn:aws:lambda:eu-west-1:111122223333:function:Plain"},
		{"GetAtt long", `{"Fn::GetAtt": [Role, Arn]}`, "arn:aws:iam::111122223333:role/Role"},
		{"GetAtt long dotted string", `{"Fn::GetAtt": Table.Arn}`, "arn:aws:dynamodb:eu-west-1:111122223333:table/Table"},
		{"GetAtt RootResourceId", `!GetAtt Api.RootResourceId`, api.IDFor("Api/")},
		{"Sub string form", `!Sub "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${!Literal}/${Fn.Arn}"`,
			"https://" + api.IDFor("Api") + ".execute-api.eu-west-1.amazonaws.com/${Literal}/arn:aws:lambda:eu-west-1:111122223333:function:stk-fn"},
		{"Sub list form with variables", `{"Fn::Sub": ["${A}-${Env}", {A: !Ref Plain}]}`, "Plain-prod"},
		{"Sub unterminated stays literal", `!Sub "x${y"`, "x${y"},
		{"Join long", `{"Fn::Join": ["-", [a, b, {Ref: Env}]]}`, "a-b-prod"},
		{"Select", `!Select [1, [x, y, z]]`, "y"},
		{"Select string index over Split", `{"Fn::Select": ["2", {"Fn::Split": [",", "p,q,r"]}]}`, "r"},
		{"Split and Join", `!Join ["+", !Split ["/", "a/b"]]`, "a+b"},
		{"If true", `!If [IsProd, big, small]`, "big"},
		{"If long with nested condition", `{"Fn::If": [Both, yes, no]}`, "no"},
		{"FindInMap", `!FindInMap [Sizes, !Ref Env, Memory]`, "1024"},
		{"FindInMap long", `{"Fn::FindInMap": [Sizes, dev, Memory]}`, "256"},
		{"Base64", `!Base64 hi`, "aGk="},
		{"Base64 long", `{"Fn::Base64": {"Fn::Sub": "${Env}"}}`, "cHJvZA=="},
		{"GetAZs", `!Select [0, !GetAZs ""]`, "eu-west-1a"},
		{"plain scalar", `42`, "42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := testResolver(t)
			n, err := Parse("in.yaml", []byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%s): %v", tt.in, err)
			}
			got, ok, err := r.String(n, api.Location{LogicalID: "X", Field: "Properties.F"})
			if err != nil || !ok || got != tt.want {
				t.Fatalf("resolve %s = %q, %v, %v; want %q", tt.in, got, ok, err, tt.want)
			}
		})
	}
}

func TestResolveNoValue(t *testing.T) {
	t.Parallel()
	r := testResolver(t)
	n, _ := Parse("in.yaml", []byte(`{A: !If [IsDev, x, !Ref "AWS::NoValue"], B: [1, !Ref "AWS::NoValue", 2], C: keep}`))
	got, err := r.Resolve(n, api.Location{LogicalID: "X"})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := yaml.Marshal(got)
	if want := "{B: [1, 2], C: keep}\n"; string(out) != want {
		t.Fatalf("got %q; want %q", out, want)
	}
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, wantMsg string
		wantKind          api.Kind
	}{
		{"unknown Ref", `!Ref Nope`, `Ref "Nope" names no`, api.KindInvalid},
		{"GetAtt unknown resource", `!GetAtt Nope.Arn`, "names no resource", api.KindInvalid},
		{"Sub unknown name", `!Sub "${Nope}"`, `"Nope"`, api.KindInvalid},
		{"Select out of range", `!Select [3, [a]]`, "outside the list", api.KindInvalid},
		{"Join of a string", `!Join [",", abc]`, "want a list", api.KindInvalid},
		{"If unknown condition", `!If [Nope, a, b]`, `no condition named "Nope"`, api.KindInvalid},
		{"condition cycle", `!If [Loop, a, b]`, "refers to itself", api.KindInvalid},
		{"Equals outside Conditions", `!Equals [a, a]`, "only allowed in Conditions", api.KindInvalid},
		{"FindInMap missing key", `!FindInMap [Sizes, test, Memory]`, "Mappings has no Sizes.test.Memory", api.KindInvalid},
		{"Transform without a handler", `{"Fn::Transform": {Name: "AWS::Include"}}`, "not supported", api.KindUnsupported},
		{"unknown function", `{"Fn::Nope": 1}`, "unknown intrinsic", api.KindInvalid},
		{"FunctionName cycle", `!Ref SelfNamed`, "refers to itself", api.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := testResolver(t)
			n, err := Parse("in.yaml", []byte("V: "+tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, err = r.Resolve(n, api.Location{LogicalID: "MyFn", Field: "Properties"})
			var ae *api.Error
			if !errors.As(err, &ae) || !errors.Is(err, ErrUnresolvable) || ae.Kind != tt.wantKind {
				t.Fatalf("Resolve(%s) error = %#v; want an *api.Error of %v matching ErrUnresolvable", tt.in, err, tt.wantKind)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || ae.File != "t.yaml" || ae.Line == 0 {
				t.Fatalf("Resolve(%s) error = %q (loc %+v); want it to contain %q with file t.yaml and a line", tt.in, err, ae.Location, tt.wantMsg)
			}
			if tt.name != "FunctionName cycle" && (ae.LogicalID != "MyFn" && ae.Field != "Conditions" || !strings.HasPrefix(ae.Field, "Properties.V") && ae.Field != "Conditions") {
				t.Fatalf("Resolve(%s) location = %+v; want MyFn Properties.V... (or the condition)", tt.in, ae.Location)
			}
		})
	}
}

// TestPlaceholders: values only a deployment knows resolve to stand-ins
// (as sam local does), each recorded with where it was used, so that the
// caller warns and fails closed where one decides routing.
func TestPlaceholders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		kind           PlaceholderKind
		named          string
	}{
		{"parameter without default is its name", `!Ref NoDefault`, "NoDefault", PlaceholderParameter, "parameter NoDefault"},
		{"parameter without default takes its first allowed value", `!Ref Stage`, "beta", PlaceholderParameter, "parameter Stage"},
		{"number parameter without default is 0", `!Ref Count`, "0", PlaceholderParameter, "parameter Count"},
		{"SSM parameter even with a Default (the SSM name)", `!Ref FromSSM`, "FromSSM", PlaceholderParameter, "parameter FromSSM"},
		{"ImportValue", `!ImportValue Shared`, "Shared", PlaceholderImport, "Fn::ImportValue Shared"},
		{"ImportValue of a Sub", `{"Fn::ImportValue": {"Fn::Sub": "${Env}-vpc"}}`, "prod-vpc", PlaceholderImport, "Fn::ImportValue prod-vpc"},
		{"deployed-only attribute", `!GetAtt Table.StreamArn`, "Table.StreamArn", PlaceholderAttribute, "Fn::GetAtt Table.StreamArn"},
		{"queue name stands in as its logical id", `!Sub "http://${Queue.QueueName}/x"`, "http://Queue/x", PlaceholderAttribute, "Fn::GetAtt Queue.QueueName"},
		{"table ARN stands in", `!GetAtt Table.Arn`, "arn:aws:dynamodb:eu-west-1:111122223333:table/Table", PlaceholderAttribute, "Fn::GetAtt Table.Arn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Decode("t.yaml", []byte(testTemplate+"  Queue:\n    Type: AWS::SQS::Queue\n"))
			if err != nil {
				t.Fatal(err)
			}
			tpl.Parameters.Content = append(tpl.Parameters.Content, strNode("Stage", 0), mustParse(t, "{Type: String, AllowedValues: [beta, prod]}"),
				strNode("Count", 0), mustParse(t, "{Type: Number}"))
			r := NewResolver(tpl, Options{Region: "eu-west-1", AccountID: "111122223333", StackName: "stk", ParameterOverrides: map[string]string{"Env": "prod"}})
			n := mustParse(t, "V: "+tt.in)
			got, err := r.Resolve(n, api.Location{LogicalID: "MyFn", Field: "Properties"})
			if err != nil {
				t.Fatalf("Resolve(%s): %v; want a placeholder", tt.in, err)
			}
			if v := Lookup(got, "V"); v == nil || v.Value != tt.want {
				t.Fatalf("Resolve(%s) = %v; want %q", tt.in, v, tt.want)
			}
			ps := r.Placeholders()
			if len(ps) != 1 || ps[0].Kind != tt.kind || ps[0].String() != tt.named || ps[0].Loc.LogicalID != "MyFn" ||
				!strings.HasPrefix(ps[0].Loc.Field, "Properties.V") || ps[0].Loc.Line == 0 || ps[0].Loc.File != "t.yaml" {
				t.Fatalf("Placeholders = %+v; want one %s used at MyFn Properties.V with a line", ps, tt.named)
			}
		})
	}
}

func mustParse(t *testing.T, s string) *yaml.Node {
	t.Helper()
	n, err := Parse("in.yaml", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGenerated: what a transform adds (SAM's generated resources and its
// referenceable properties) resolves as CloudFormation would after it.
func TestGenerated(t *testing.T) {
	t.Parallel()
	r := testResolver(t)
	r.Generate("FnAliaslive", Generated{Type: "AWS::Lambda::Alias", Ref: "arn:alias"})
	r.Refer("Fn.Alias", "FnAliaslive")
	r.Generate("ApidevStage", Generated{Type: "AWS::ApiGateway::Stage", Ref: "dev"})
	r.Refer("Api.Stage", "ApidevStage")
	r.Generate("Table", Generated{Type: "AWS::Lambda::Alias", Ref: "not used"}) // declared in the template: kept
	for in, want := range map[string]string{
		`!Ref Fn.Alias`: "arn:alias", `!Ref FnAliaslive`: "arn:alias", `!Sub "${Api.Stage}"`: "dev",
		`!Ref ApidevStage`: "dev", `!Sub "${Fn.Arn}"`: "arn:aws:lambda:eu-west-1:111122223333:function:stk-fn", `!Ref Table`: "Table",
	} {
		got, ok, err := r.String(mustParse(t, in), api.Location{LogicalID: "X", Field: "Properties.F"})
		if err != nil || !ok || got != want {
			t.Errorf("resolve %s = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestLanguageExtensions: the AWS::LanguageExtensions functions run only
// where the template declares the transform; CloudFormation refuses them
// elsewhere.
func TestLanguageExtensions(t *testing.T) {
	t.Parallel()
	const body = "Mappings: {M: {a: {b: x}}}\nResources:\n  Fn::ForEach::L:\n    - N\n    - [one, two]\n    - '${N}Q': {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub 'q-${N}'}}\n"
	tests := []struct{ in, want string }{
		{`{"Fn::Length": [a, b]}`, "2"},
		{`{"Fn::ToJsonString": {k: [1, "2", true, null]}}`, `{"k":[1,"2",true,null]}`},
		{`!FindInMap [M, a, b, {DefaultValue: d}]`, "x"},
		{`!FindInMap [M, a, zz, {DefaultValue: d}]`, "d"},
	}
	for _, transform := range []string{"Transform: AWS::LanguageExtensions\n", ""} {
		tpl, err := Decode("t.yaml", []byte(transform+body))
		if err != nil {
			t.Fatal(err)
		}
		r := NewResolver(tpl, Options{})
		err = r.ExpandResources()
		if transform == "" {
			if !errors.Is(err, api.KindInvalid) || !strings.Contains(err.Error(), "needs Transform: AWS::LanguageExtensions") {
				t.Errorf("ForEach without the transform: %v; want KindInvalid naming it", err)
			}
			continue
		}
		if err != nil || tpl.Resource("oneQ") == nil || tpl.Resource("twoQ") == nil {
			t.Fatalf("ExpandResources: %v; want oneQ and twoQ", err)
		}
		for _, tt := range tests {
			got, _, err := r.String(mustParse(t, tt.in), api.Location{LogicalID: "X"})
			if err != nil || got != tt.want {
				t.Errorf("%s = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, wantMsg string
		wantLine          int
	}{
		{"syntax error has its line", "a: 1\nb:\n  - c\n d: e\n", "syntax error", 4},
		{"unclosed quote", "a: 1\nb: \"x\nc: 2\n", "syntax error", 2},
		{"alias", "a: &x 1\nb: *x\n", "aliases", 2},
		{"unknown tag", "a: !Foo x\n", "unknown tag !Foo", 1},
		{"GetAtt without dot", "a: !GetAtt Fn\n", "want Resource.Attribute", 1},
		{"empty", "", "empty document", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("bad.yaml", []byte(tt.in))
			var ae *api.Error
			if !errors.As(err, &ae) || !errors.Is(err, ErrSyntax) || ae.Kind != api.KindInvalid ||
				!strings.Contains(err.Error(), tt.wantMsg) || ae.File != "bad.yaml" || ae.Line != tt.wantLine {
				t.Fatalf("Parse error = %v; want %q at bad.yaml:%d", err, tt.wantMsg, tt.wantLine)
			}
		})
	}
}

// TestParseDuplicateKey: CloudFormation keeps the last value of a key
// given twice (cfn-lint reports E0000); so does apigw, with a warning.
func TestParseDuplicateKey(t *testing.T) {
	t.Parallel()
	n, warnings, err := ParseWarn("dup.yaml", []byte("a: 1\nb: 2\na: 3\n"))
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], `dup.yaml:3: duplicate key "a" (first at line 1)`) {
		t.Fatalf("ParseWarn = %v, %q; want one warning naming line 3 and line 1", err, warnings)
	}
	if got := strings.Join(Keys(n), ","); got != "b,a" || Lookup(n, "a").Value != "3" {
		t.Fatalf("keys %s, a=%s; want b,a with a=3 (the last value)", got, Lookup(n, "a").Value)
	}
}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	n, err := Parse("t.json", []byte("{\n\t\"A\": {\"Fn::Sub\": \"x\"},\n\t\"B\": [1,\n\t\t2]\n}"))
	if err != nil {
		t.Fatalf("Parse JSON with tabs: %v", err)
	}
	if got := Keys(n); strings.Join(got, ",") != "A,B" {
		t.Fatalf("keys = %v; want A,B", got)
	}
}

func TestConditionAndDecode(t *testing.T) {
	t.Parallel()
	r := testResolver(t)
	for name, want := range map[string]bool{"IsProd": true, "IsDev": false, "Both": false} {
		if got, err := r.Condition(name); err != nil || got != want {
			t.Errorf("Condition(%s) = %v, %v; want %v", name, got, err, want)
		}
	}
	_, err := Decode("r.yaml", []byte("Resources:\n  A: {Properties: {}}\n  B: {Type: X, Properties: [1]}\n"))
	if err == nil || !strings.Contains(err.Error(), "r.yaml:2: A: Type") || !strings.Contains(err.Error(), "r.yaml:3: B: Properties") {
		t.Fatalf("Decode error = %v; want both resources named with their fields", err)
	}
}

func FuzzResolve(f *testing.F) {
	f.Add([]byte(testTemplate))
	f.Add([]byte(`{"Resources": {"A": {"Type": "T", "Properties": {"X": {"Fn::Sub": ["${a}", {"a": {"Ref": "A"}}]}}}}}`))
	f.Add([]byte("Resources:\n  A:\n    Type: X\n    Properties:\n      P: !Select [0, !Split [',', !Join [',', [a, !GetAtt A.Arn]]]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Decode("f.yaml", data)
		if err != nil {
			return
		}
		r := NewResolver(tpl, Options{Region: "us-east-1", AccountID: "123456789012", StackName: "s"})
		for _, res := range tpl.Resources {
			_, _ = r.Resolve(res.Properties, api.Location{LogicalID: res.LogicalID, Field: "Properties"})
			if res.Condition != "" {
				_, _ = r.Condition(res.Condition)
			}
		}
	})
}
