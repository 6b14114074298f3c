package sam

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
	"go.yaml.in/yaml/v3"
)

// LayerVersion resource types and the property holding their content.
const (
	typeServerlessLayer = "AWS::Serverless::LayerVersion"
	typeLambdaLayer     = "AWS::Lambda::LayerVersion"
	propContentURI      = "ContentUri"
	propContent         = "Content"
	layerRuntime        = "layer" // stands in for a runtime while a layer's content is read
)

// Gap texts for layers.
const (
	remoteLayerGap  = "layers from other accounts or stacks"
	remoteLayerHint = "apigw mounts only layers declared in the template (AWS::Serverless::LayerVersion, AWS::Lambda::LayerVersion) with local content"
)

// layerProps are the LayerVersion properties apigw reads or may ignore.
var (
	readLayerProps = []string{propContentURI, propContent}
	safeLayerProps = []string{"LayerName", "Description", "CompatibleRuntimes", "CompatibleArchitectures",
		"LicenseInfo", "RetentionPolicy"}
)

// layer is one LayerVersion of the template: its content folder, or the
// Gap that keeps functions using it from running.
type layer struct {
	dir     string
	archive string // the .zip dir was unpacked from; "" for a folder
	gap     api.Gap
}

func isLayerType(t string) bool { return t == typeServerlessLayer || t == typeLambdaLayer }

// layer loads the LayerVersion with logical id id once; nil when the
// template has no such layer.
func (l *loader) layer(id string) *layer {
	if ly, ok := l.layers[id]; ok {
		return ly
	}
	res := l.tpl.Resource(id)
	if res == nil || !isLayerType(res.Type) {
		return nil
	}
	key := propContentURI
	if res.Type == typeLambdaLayer {
		key = propContent
	}
	f := l.fields(l.resourceLoc(res, "Properties"), res.Properties)
	// The content is read as a function's code is: a folder, a .zip
	// unpacked into the code cache, or S3 (a Gap).
	holder := &api.Function{LogicalID: id, Runtime: layerRuntime}
	if f.has(key) {
		l.code(holder, f, key)
	} else {
		f.fail(key, "missing %s", key)
	}
	f.unused(readLayerProps, safeLayerProps)
	ly := &layer{dir: holder.CodeDir, archive: holder.CodeArchive, gap: holder.Gap}
	l.layers[id] = ly
	return ly
}

// functionLayers reads a function's Layers (Globals.Function.Layers
// first, as merge concatenates lists) into fn.Layers, in order. A layer
// that is not in the template (an ARN of another account or stack) or
// whose content is out of reach marks fn with a Gap; it is no load error.
func (l *loader) functionLayers(fn *api.Function, f fields) {
	list := f.raw(propLayers)
	if list == nil {
		return
	}
	if list.Kind != yaml.SequenceNode {
		f.fail(propLayers, "want a list of layers (Refs to LayerVersions or ARNs)")
		return
	}
	for _, raw := range list.Content {
		l.functionLayer(fn, f, raw)
	}
}

// functionLayer adds one entry of Layers as written: a Ref to a
// LayerVersion of the template, else a value resolving to an ARN.
func (l *loader) functionLayer(fn *api.Function, f fields, raw *yaml.Node) {
	if name, args, ok := cfn.Call(raw); ok && name == "Ref" && args.Kind == yaml.ScalarNode {
		if ly := l.layer(args.Value); ly != nil {
			l.addLayer(fn, ly)
			return
		}
	}
	v, err := l.r.Resolve(raw, f.at(propLayers))
	l.fail(err)
	if v == nil {
		return // AWS::NoValue, or reported
	}
	arn, ok := f.scalar(propLayers, v)
	switch {
	case !ok:
	case strings.HasPrefix(arn, "arn:"):
		l.functionGap(fn, f.at(propLayers), remoteLayerGap+" ("+arn+")", remoteLayerHint)
	default:
		f.fail(propLayers, "want a layer ARN or a Ref to a LayerVersion, got %q", arn)
	}
}

func (l *loader) addLayer(fn *api.Function, ly *layer) {
	if ly.gap.Missing() {
		if !fn.Gap.Missing() {
			fn.Gap = ly.gap
		}
		return
	}
	if ly.dir != "" {
		fn.Layers = append(fn.Layers, ly.dir)
	}
	if ly.archive != "" {
		fn.LayerArchives = append(fn.LayerArchives, ly.archive)
	}
}
