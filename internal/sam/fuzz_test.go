package sam

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// FuzzLoad: loading never panics, gives a model or an error made only of
// located errors, and a model passes Validate.
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
				if _, ok := e.(*api.Error); !ok {
					t.Fatalf("loadBytes error %#v: want only located errors (*api.Error)", e)
				}
			})
			return
		}
		if verr := tpl.Validate(); verr != nil {
			t.Fatalf("loaded model fails Validate: %v", verr)
		}
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
