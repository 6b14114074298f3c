package sam

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
)

// layerTemplate writes body as a template next to a layer folder "folder"
// and a layer archive "zipped.zip" (holding python/z.py).
func layerTemplate(t *testing.T, body string) string {
	t.Helper()
	path := writeTemplate(t, body)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(filepath.Join(dir, "folder", "python"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "zipped.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("python/z.py")
	if err == nil {
		_, err = w.Write([]byte("Z = 1\n"))
	}
	if err != nil || zw.Close() != nil || f.Close() != nil {
		t.Fatalf("writing zipped.zip: %v", err)
	}
	return path
}

const layerResources = `  Folder:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: folder, CompatibleRuntimes: [python3.12]}
  Zipped:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: zipped.zip}
  Plain:
    Type: AWS::Lambda::LayerVersion
    Properties: {Content: folder, LayerName: plain}
`

func TestFunctionLayers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []string // layer folders relative to the template, or "zip:" for the unpacked archive
	}{
		{"serverless layers in listed order", errHeader + layerResources + errFn + "      Layers: [!Ref Zipped, !Ref Folder]\n", []string{"zip:", "folder"}},
		{"Lambda layer by Ref", errHeader + layerResources + errFn + "      Layers: [!Ref Plain]\n", []string{"folder"}},
		{"Globals layers come first", "Globals:\n  Function:\n    Layers: [!Ref Folder]\n" + errHeader + layerResources + errFn + "      Layers: [!Ref Zipped]\n", []string{"folder", "zip:"}},
		{"no layers", errHeader + layerResources + errFn, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := layerTemplate(t, tt.body)
			tpl, err := Load(path, Options{CodeCache: t.TempDir()})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			fn := tpl.Functions["Fn"]
			if len(tpl.Unsupported) != 0 || fn.Gap.Missing() {
				t.Fatalf("Unsupported %v, Gap %+v; want none", tpl.Unsupported, fn.Gap)
			}
			checkLayers(t, filepath.Dir(path), fn.Layers, tt.want)
			// Hot reload watches a layer's archive, as a function's own.
			var archives []string
			if slices.Contains(tt.want, "zip:") {
				archives = []string{filepath.Join(filepath.Dir(path), "zipped.zip")}
			}
			if !slices.Equal(fn.LayerArchives, archives) {
				t.Errorf("LayerArchives = %v; want %v", fn.LayerArchives, archives)
			}
		})
	}
}

func checkLayers(t *testing.T, dir string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("Layers = %v; want %v", got, want)
	}
	for i, w := range want {
		if w == "zip:" {
			if _, err := os.Stat(filepath.Join(got[i], "python", "z.py")); err != nil {
				t.Errorf("layer %d = %s; want the unpacked zipped.zip: %v", i, got[i], err)
			}
			continue
		}
		if got[i] != filepath.Join(dir, w) {
			t.Errorf("layer %d = %s; want %s", i, got[i], filepath.Join(dir, w))
		}
	}
}

func TestLayerProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		wantErr    string // a load error, else
		wantGap    string // the function's Gap
	}{
		{"layer content in S3", errHeader + "  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties: {ContentUri: s3://b/l.zip}\n" + errFn + "      Layers: [!Ref L]\n", "", "code in S3"},
		{"missing layer folder", errHeader + "  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties: {ContentUri: nowhere}\n" + errFn + "      Layers: [!Ref L]\n", "does not exist", ""},
		{"missing ContentUri", errHeader + "  L:\n    Type: AWS::Serverless::LayerVersion\n    Properties: {}\n" + errFn + "      Layers: [!Ref L]\n", "missing ContentUri", ""},
		{"Ref to a function", errHeader + errFn + "      Layers: [!Ref Fn]\n", "want a layer ARN or a Ref to a LayerVersion", ""},
		{"not a list", errHeader + errFn + "      Layers: oops\n", "want a list of layers", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tpl, err := Load(writeTemplate(t, tt.body), Options{CodeCache: t.TempDir()})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load error %v; want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v; want it to load", err)
			}
			fn := tpl.Functions["Fn"]
			if !strings.Contains(fn.Gap.What, tt.wantGap) || len(fn.Layers) != 0 {
				t.Fatalf("Gap %+v, Layers %v; want a Gap about %q and no layers", fn.Gap, fn.Layers, tt.wantGap)
			}
			if !slices.ContainsFunc(tpl.Unsupported, func(e *api.Error) bool { return strings.Contains(e.Msg, tt.wantGap) }) {
				t.Fatalf("Unsupported %v; want a finding about %q", tpl.Unsupported, tt.wantGap)
			}
		})
	}
}
