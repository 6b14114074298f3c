package cfn

import (
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// TestAttributeHook: Options.Attribute answers Fn::GetAtt (long, short and
// Fn::Sub forms) for what the caller knows, a nested stack's outputs;
// what it leaves stays a placeholder, and its errors are returned.
func TestAttributeHook(t *testing.T) {
	t.Parallel()
	tpl, err := Decode("t.yaml", []byte("Resources:\n  Child: {Type: AWS::CloudFormation::Stack}\nOutputs:\n  X: {Value: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Outputs == nil || Lookup(tpl.Outputs, "X") == nil {
		t.Fatalf("Outputs section not read: %v", tpl.Outputs)
	}
	hook := func(id, typ, attr string) (string, bool, error) {
		if id == "Child" && typ == "AWS::CloudFormation::Stack" && attr == "Outputs.Url" {
			return "http://127.0.0.1:9", true, nil
		}
		return "", false, nil
	}
	tests := []struct{ name, in, want string }{
		{"long form", `{"Fn::GetAtt": [Child, Outputs.Url]}`, "http://127.0.0.1:9"},
		{"short form", `!GetAtt Child.Outputs.Url`, "http://127.0.0.1:9"},
		{"Fn::Sub", `!Sub "${Child.Outputs.Url}/x"`, "http://127.0.0.1:9/x"},
		{"left to the resolver: a placeholder", `!GetAtt Child.Outputs.Other`, "Child.Outputs.Other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := NewResolver(tpl, Options{Region: "us-east-1", AccountID: "123456789012", StackName: "s", Attribute: hook})
			in, err := Parse("t.yaml", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := r.String(in, api.Location{File: "t.yaml"})
			if err != nil || !ok || got != tt.want {
				t.Fatalf("got %q %v %v; want %q", got, ok, err, tt.want)
			}
		})
	}
}

// TestNamePrefix: a function without a FunctionName is named after
// Options.NamePrefix (a nested stack's functions), in Ref and its ARN; one
// with a FunctionName keeps it.
func TestNamePrefix(t *testing.T) {
	t.Parallel()
	tpl, err := Decode("t.yaml", []byte("Resources:\n  Fn: {Type: AWS::Lambda::Function}\n  Named: {Type: AWS::Lambda::Function, Properties: {FunctionName: given}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := NewResolver(tpl, Options{Region: "us-east-1", AccountID: "123456789012", StackName: "s", NamePrefix: "Child-"})
	tests := []struct{ in, want string }{
		{`!Ref Fn`, "Child-Fn"},
		{`!GetAtt Fn.Arn`, "arn:aws:lambda:us-east-1:123456789012:function:Child-Fn"},
		{`!Ref Named`, "given"},
	}
	for _, tt := range tests {
		in, err := Parse("t.yaml", []byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if got, _, err := r.String(in, api.Location{File: "t.yaml"}); err != nil || got != tt.want {
			t.Errorf("%s = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestUnknownParameters: a parameter named unknown is a placeholder even
// with a Default; an override still wins.
func TestUnknownParameters(t *testing.T) {
	t.Parallel()
	tpl, err := Decode("t.yaml", []byte("Parameters:\n  A: {Type: String, Default: dflt}\n  B: {Type: String, Default: dflt}\nResources:\n  R: {Type: AWS::SNS::Topic}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := NewResolver(tpl, Options{Region: "us-east-1", AccountID: "123456789012", StackName: "s",
		UnknownParameters: map[string]bool{"A": true, "B": true}, ParameterOverrides: map[string]string{"B": "given"}})
	for in, want := range map[string]string{`!Ref A`: "A", `!Ref B`: "given"} {
		n, err := Parse("t.yaml", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got, _, err := r.String(n, api.Location{File: "t.yaml"}); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", in, got, err, want)
		}
	}
	if ps := r.Placeholders(); len(ps) != 1 || ps[0].Name != "A" {
		t.Errorf("placeholders %+v; want one, for A", ps)
	}
}
