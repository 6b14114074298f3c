package sam

import (
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/cfn"
)

// CDK's metadata naming where a resource's asset is, as SAM CLI reads it:
// aws:asset:path is the asset's folder or file relative to the template
// (in cdk.out), aws:asset:property the property the deployed S3 location
// replaces (Code, CodeUri).
const (
	metaAssetPath     = "aws:asset:path"
	metaAssetProperty = "aws:asset:property"
)

// assetCode points fn at the local asset CDK's metadata names for key,
// in place of the S3 location the property gives, and reports whether
// it did.
func (l *loader) assetCode(fn *api.Function, res *cfn.Resource, f fields, key string) bool {
	meta := l.fields(l.resourceLoc(res, "Metadata"), res.Metadata)
	if meta.node == nil || meta.str(metaAssetProperty, "") != key || !meta.has(metaAssetPath) {
		return false
	}
	l.localCode(fn, meta, metaAssetPath, meta.str(metaAssetPath, ""))
	return true
}
