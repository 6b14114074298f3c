package arn

import (
	"errors"
	"strings"
	"testing"
)

func TestParseInvocation(t *testing.T) {
	t.Parallel()
	const fn = "arn:aws:lambda:eu-west-1:111122223333:function:Fn"
	want := Function{"aws", "eu-west-1", "111122223333", "Fn", ""}
	tests := []struct {
		name, uri string
		want      Invocation
		ok        bool
	}{
		{"invocation URI", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn + "/invocations", Invocation{Function: want}, true},
		{"response-streaming URI", "arn:aws:apigateway:eu-west-1:lambda:path/2021-11-15/functions/" + fn + "/response-streaming-invocations", Invocation{Function: want, Streaming: true}, true},
		{"function ARN", fn, Invocation{Function: want}, true},
		{"qualified ARN", fn + ":live", Invocation{Function: Function{"aws", "eu-west-1", "111122223333", "Fn", "live"}}, true},
		{"China partition", "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:1:function:F/invocations",
			Invocation{Function: Function{"aws-cn", "cn-north-1", "1", "F", ""}}, true},
		{"other API version", "arn:aws:apigateway:eu-west-1:lambda:path/2020-01-01/functions/" + fn + "/invocations", Invocation{}, false},
		{"missing invocations", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn, Invocation{}, false},
		{"streaming path with the plain suffix", "arn:aws:apigateway:eu-west-1:lambda:path/2021-11-15/functions/" + fn + "/invocations", Invocation{}, false},
		{"URI around a non-function", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:s3:::b/invocations", Invocation{}, false},
		{"empty qualifier", fn + ":", Invocation{}, false},
		{"empty name", "arn:aws:lambda:eu-west-1:1:function:", Invocation{}, false},
		{"layer ARN", "arn:aws:lambda:eu-west-1:1:layer:L:1", Invocation{}, false},
		{"S3 ARN", "arn:aws:s3:::bucket", Invocation{}, false},
		{"not an ARN", "ListPets", Invocation{}, false},
		{"URL", "https://lambda.example.com/fn", Invocation{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseInvocation(tt.uri)
			if tt.ok != (err == nil) || got != tt.want {
				t.Fatalf("ParseInvocation(%q) = %+v, %v; want %+v, ok %v", tt.uri, got, err, tt.want, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrNotFunction) {
				t.Fatalf("ParseInvocation(%q) error %v; want ErrNotFunction", tt.uri, err)
			}
		})
	}
}

func TestFunctionString(t *testing.T) {
	t.Parallel()
	f := Function{"aws", "us-east-1", "123456789012", "Fn", "3"}
	if got, want := f.String(), "arn:aws:lambda:us-east-1:123456789012:function:Fn:3"; got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
	if got, want := f.Unqualified().String(), "arn:aws:lambda:us-east-1:123456789012:function:Fn"; got != want {
		t.Errorf("Unqualified().String() = %q; want %q", got, want)
	}
}

// FuzzParseInvocation: parsing never panics, fails only with
// ErrNotFunction, and what it accepts names a function whose ARN parses
// back to the same parts and appears in the input as written.
func FuzzParseInvocation(f *testing.F) {
	f.Add("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Fn/invocations")
	f.Add("arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:1:function:Fn:live/response-streaming-invocations")
	f.Add("arn:aws:lambda:us-east-1:123456789012:function:Fn:3")
	f.Add("arn:aws:lambda::::function:")
	f.Add("arn:aws:apigateway:::")
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := ParseInvocation(s)
		if err != nil {
			if !errors.Is(err, ErrNotFunction) {
				t.Fatalf("ParseInvocation(%q) error %v: want ErrNotFunction", s, err)
			}
			return
		}
		arn := inv.Function.String()
		back, err := ParseFunction(arn)
		if err != nil || back != inv.Function {
			t.Fatalf("ParseFunction(%q) = %+v, %v; want %+v", arn, back, err, inv.Function)
		}
		if !strings.Contains(s, arn) {
			t.Fatalf("ParseInvocation(%q) gave %q, which the input does not hold", s, arn)
		}
	})
}
