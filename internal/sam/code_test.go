package sam

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/codecache"
)

// codeFn is a function of the implicit API with one GET /code route; CODE
// stands for its code properties and RUNTIME for its runtime.
const codeFn = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: RUNTIME
CODE
      Events:
        E: {Type: Api, Properties: {Path: /code, Method: get}}
`

// lambdaFn is an AWS::Lambda::Function with CODE as its Code.
const lambdaFn = `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: RUNTIME
      Role: arn:aws:iam::123456789012:role/r
CODE
`

func codeTemplate(fn, runtime, code string) string {
	return errHeader + strings.NewReplacer("RUNTIME", runtime, "CODE", code).Replace(fn)
}

// loadCode writes body as template.yaml beside files and loads it with a
// code cache of its own.
func loadCode(t *testing.T, body string, files map[string][]byte) (*api.Template, error) {
	t.Helper()
	path := writeTemplate(t, body)
	for name, data := range files {
		p := filepath.Join(filepath.Dir(path), name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(path, Options{CodeCache: filepath.Join(t.TempDir(), "cache")})
}

// zipArchive is a zip of name -> content; a content starting with "->" is
// a symbolic link to the rest.
func zipArchive(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		h := &zip.FileHeader{Name: files[i], Method: zip.Deflate}
		body, isLink := strings.CutPrefix(files[i+1], "->")
		h.SetMode(0o644)
		if isLink {
			h.SetMode(fs.ModeSymlink | 0o777)
		}
		f, err := w.CreateHeader(h)
		if err == nil {
			_, err = f.Write([]byte(body))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCodeRuns: inline code and local archives load into a code folder
// holding the file the handler names.
func TestCodeRuns(t *testing.T) {
	t.Parallel()
	pyZip := zipArchive(t, "index.py", "def handler(e, c): return 1\n", "lib/x.py", "X = 1\n")
	tests := []struct {
		name, body    string
		files         map[string][]byte
		wantFile, has string
	}{
		{name: "InlineCode on Node.js is index.js", body: codeTemplate(codeFn, "nodejs20.x", "      InlineCode: exports.handler = async () => 'hi';"),
			wantFile: "index.js", has: "exports.handler = async () => 'hi';"},
		{name: "InlineCode on Python is index.py", body: codeTemplate(codeFn, "python3.12", "      InlineCode: |\n        def handler(e, c):\n          return 1\n"),
			wantFile: "index.py", has: "def handler(e, c):\n  return 1\n"},
		{name: "InlineCode resolves intrinsics", body: codeTemplate(codeFn, "nodejs20.x", "      InlineCode: !Sub \"exports.region = '${AWS::Region}';\""),
			wantFile: "index.js", has: "exports.region = 'us-east-1';"},
		{name: "InlineCode wins over CodeUri, as in SAM", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: s3://b/k\n      InlineCode: exports.handler = 1"),
			wantFile: "index.js", has: "exports.handler = 1"},
		{name: "Code.ZipFile on Python is index.py", body: codeTemplate(lambdaFn, "python3.12", "      Code:\n        ZipFile: |\n          def handler(e, c): return 2\n"),
			wantFile: "index.py", has: "def handler(e, c): return 2\n"},
		{name: "Code.ZipFile on Node.js is index.js", body: codeTemplate(lambdaFn, "nodejs22.x", "      Code: {ZipFile: 'exports.handler = 3'}"),
			wantFile: "index.js", has: "exports.handler = 3"},
		{name: "zip CodeUri is unpacked", body: codeTemplate(codeFn, "python3.12", "      CodeUri: ./code.zip"),
			files: map[string][]byte{"code.zip": pyZip}, wantFile: "lib/x.py", has: "X = 1\n"},
		{name: "jar CodeUri is unpacked", body: codeTemplate(codeFn, "provided.al2023", "      CodeUri: code.jar"),
			files: map[string][]byte{"code.jar": pyZip}, wantFile: "index.py", has: "def handler"},
		{name: "zip Code of a Lambda function is unpacked", body: codeTemplate(lambdaFn, "python3.12", "      Code: code.zip"),
			files: map[string][]byte{"code.zip": pyZip}, wantFile: "index.py", has: "def handler"},
		{name: "a file that is no archive is put alone in a folder, as sam package zips it", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: src/function.js"),
			files: map[string][]byte{"src/function.js": []byte("exports.handler = 4")}, wantFile: "function.js", has: "exports.handler = 4"},
		{name: "archive with a link inside", body: codeTemplate(codeFn, "python3.12", "      CodeUri: code.zip"),
			files: map[string][]byte{"code.zip": zipArchive(t, "lib/real.py", "R\n", "index.py", "->lib/real.py")}, wantFile: "index.py", has: "R\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := loadCode(t, tt.body, tt.files)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			fn := tpl.Functions["Fn"]
			if fn.Gap.Missing() || len(tpl.Unsupported) != 0 {
				t.Fatalf("Fn gap %+v, unsupported %v; want none", fn.Gap, tpl.Unsupported)
			}
			b, err := os.ReadFile(filepath.Join(fn.CodeDir, tt.wantFile))
			if err != nil || !strings.Contains(string(b), tt.has) {
				t.Fatalf("%s in CodeDir %s = %q, %v; want it to contain %q", tt.wantFile, fn.CodeDir, b, err, tt.has)
			}
		})
	}
}

// TestCodeElsewhereIsAGap: code apigw cannot reach marks its function with
// a Gap and one located Unsupported finding; the template loads and the
// route is kept, failing closed at the integration.
func TestCodeElsewhereIsAGap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, wantWhat, wantField string
		files                           map[string][]byte
	}{
		{name: "S3 CodeUri", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: s3://bucket/app.zip"),
			wantWhat: "code in S3 (CodeUri: s3://bucket/app.zip)", wantField: "Properties.CodeUri"},
		{name: "S3 CodeUri object", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: {Bucket: bucket, Key: app.zip, Version: '3'}"),
			wantWhat: "code in S3 (CodeUri: s3://bucket/app.zip)", wantField: "Properties.CodeUri"},
		{name: "S3 Code of a Lambda function", body: codeTemplate(lambdaFn, "python3.12", "      Code: {S3Bucket: bucket, S3Key: app.zip}"),
			wantWhat: "code in S3 (Code: s3://bucket/app.zip)", wantField: "Properties.Code"},
		{name: "container image", body: codeTemplate(codeFn, "nodejs20.x", "      PackageType: Image\n      ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"),
			wantWhat: imageGap, wantField: "Properties.PackageType"},
		{name: "container image of a Lambda function", body: codeTemplate(lambdaFn, "nodejs20.x", "      Code: {ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1}"),
			wantWhat: imageGap, wantField: "Properties.Code.ImageUri"},
		{name: "archive with a link out", body: codeTemplate(codeFn, "python3.12", "      CodeUri: code.zip"),
			files:    map[string][]byte{"code.zip": zipArchive(t, "index.py", "->/etc/passwd")},
			wantWhat: unsafeArchive + " (CodeUri)", wantField: "Properties.CodeUri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := loadCode(t, tt.body, tt.files)
			if err != nil {
				t.Fatalf("Load: %v; want the template to load", err)
			}
			fn := tpl.Functions["Fn"]
			if fn.Gap.What != tt.wantWhat || fn.Gap.Source.Field != tt.wantField || fn.CodeDir != "" {
				t.Fatalf("Fn gap %+v, code %q; want %q at %s and no code folder", fn.Gap, fn.CodeDir, tt.wantWhat, tt.wantField)
			}
			if len(tpl.Unsupported) != 1 || tpl.Unsupported[0].Kind != api.KindUnsupported ||
				tpl.Unsupported[0].LogicalID != "Fn" || !strings.Contains(tpl.Unsupported[0].Msg, tt.wantWhat+" is not supported yet") {
				t.Fatalf("Unsupported = %v; want one finding on Fn naming %q", tpl.Unsupported, tt.wantWhat)
			}
			for _, a := range tpl.APIs {
				for _, r := range a.Routes {
					if stage, gap := api.RouteGap(a, r, tpl.Functions); stage != api.FailIntegration || gap != fn.Gap {
						t.Errorf("route %s %s fails at %v with %+v; want the integration, with Fn's gap", r.Method, r.Path, stage, gap)
					}
				}
			}
		})
	}
}

// TestCodeErrors: code Lambda would refuse, or a template CloudFormation
// would refuse, is a located error.
func TestCodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, wantField, msg string
		files                      map[string][]byte
		wantKind                   api.Kind
		wantErr                    error
	}{
		{name: "corrupt zip", body: codeTemplate(codeFn, "python3.12", "      CodeUri: app.zip"),
			files: map[string][]byte{"app.zip": []byte("PK\x05\x06 but nothing else")}, wantField: "Properties.CodeUri",
			msg: "not a readable zip archive", wantKind: api.KindInvalid, wantErr: codecache.ErrBadArchive},
		{name: "inline code on a provided runtime", body: codeTemplate(codeFn, "provided.al2023", "      InlineCode: echo"),
			wantField: "Properties.InlineCode", msg: "inline code runs only on Node.js and Python runtimes", wantKind: api.KindInvalid},
		{name: "ZipFile on go1.x", body: codeTemplate(lambdaFn, "go1.x", "      Code: {ZipFile: x}"),
			wantField: "Properties.Code.ZipFile", msg: "not go1.x", wantKind: api.KindInvalid},
		{name: "Lambda function without Code", body: codeTemplate(lambdaFn, "go1.x", ""),
			wantField: "Properties.Code", msg: "missing Code", wantKind: api.KindInvalid},
		{name: "unknown PackageType", body: codeTemplate(codeFn, "nodejs20.x", "      PackageType: Docker"),
			wantField: "Properties.PackageType", msg: `want Zip or Image, got "Docker"`, wantKind: api.KindInvalid},
		{name: "missing archive", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: gone.zip"),
			wantField: "Properties.CodeUri", msg: "code archive gone.zip does not exist", wantKind: api.KindIO},
		{name: "missing folder", body: codeTemplate(codeFn, "nodejs20.x", "      CodeUri: gone/"),
			wantField: "Properties.CodeUri", msg: "code folder gone/ does not exist", wantKind: api.KindIO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := loadCode(t, tt.body, tt.files)
			got := findError(err, tt.msg)
			if got == nil || got.LogicalID != "Fn" || got.Field != tt.wantField || got.Kind != tt.wantKind {
				t.Fatalf("Load error = %v (%+v); want %v at Fn %s containing %q", err, got, tt.wantKind, tt.wantField, tt.msg)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Load error = %v; want it to match %v", err, tt.wantErr)
			}
		})
	}
}

// TestOneFindingPerCause: a function whose runtime apigw does not run, or
// whose code location only a deployment knows, gets that one finding and
// its Gap, not also one for its (unbuilt) code (evidence/loading section 7
// item 8: one cause, one error); the template loads (issue 9).
func TestOneFindingPerCause(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, wantField, wantMsg string }{
		{"runtime apigw does not run", codeTemplate(codeFn, "java21", "      CodeUri: target/app.jar"),
			"Properties.Runtime", `the java21 runtime is not supported yet`},
		{"S3 CodeUri from a parameter without a default", "Parameters: {Artifacts: {Type: String}}\n" +
			codeTemplate(codeFn, "nodejs20.x", "      CodeUri: {Bucket: !Ref Artifacts, Key: app.zip}"),
			"Properties.CodeUri.Bucket", "only a deployment knows (parameter Artifacts)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := loadCode(t, tt.body, nil)
			if err != nil {
				t.Fatalf("Load: %v; want the template to load", err)
			}
			u := tpl.Unsupported
			if len(u) != 1 || u[0].Field != tt.wantField || !strings.Contains(u[0].Msg, tt.wantMsg) {
				t.Fatalf("Unsupported = %v; want exactly one finding at %s containing %q", u, tt.wantField, tt.wantMsg)
			}
			if gap := tpl.Functions["Fn"].Gap; gap.Source.Field != tt.wantField {
				t.Fatalf("Fn gap %+v; want one at %s", gap, tt.wantField)
			}
		})
	}
}

// TestArchiveUnpackedOnce: loading twice reuses the one folder, named by
// the archive's content.
func TestArchiveUnpackedOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	body := codeTemplate(codeFn, "python3.12", "      CodeUri: code.zip")
	path := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "code.zip"), zipArchive(t, "index.py", "A"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{CodeCache: filepath.Join(dir, "cache")}
	var dirs []string
	for range 2 {
		tpl, err := Load(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, tpl.Functions["Fn"].CodeDir)
	}
	ents, err := os.ReadDir(opts.CodeCache)
	if dirs[0] != dirs[1] || err != nil || len(ents) != 1 {
		t.Fatalf("code folders %v, cache holds %d entries (%v); want one folder, twice", dirs, len(ents), err)
	}
}
