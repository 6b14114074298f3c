package sam

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/codecache"
	"go.yaml.in/yaml/v3"
)

// Where a function's code can be, besides CodeUri / Code as a path.
const (
	propZipFile  = "ZipFile"  // Code.ZipFile: inline code of AWS::Lambda::Function
	propS3Bucket = "S3Bucket" // Code.S3Bucket, S3Key
	propS3Key    = "S3Key"
	propBucket   = "Bucket" // CodeUri: {Bucket, Key}
	propKey      = "Key"
	packageZip   = "Zip"
	packageImage = "Image"
)

// inlineFiles is the file CloudFormation writes inline code to, by
// runtime family: index.js for Node.js (always CommonJS: inline ES modules
// are not supported) and index.py for Python. Other runtimes take no
// inline code.
var inlineFiles = []struct {
	runtime func(string) bool
	file    string
}{
	{nodeRuntime.MatchString, "index.js"},
	{pythonRuntime.MatchString, "index.py"},
}

// Gap texts, in a SAM user's words.
const (
	imageGap       = "container image functions (PackageType: Image)"
	localCodeHint  = "apigw runs code from a local folder, .zip or .jar"
	unsafeArchive  = "a code archive apigw will not unpack"
	inlineRuntimes = "inline code runs only on Node.js and Python runtimes (CloudFormation writes it to index.js or index.py)"
)

// isImage reports whether the function is a container image
// (PackageType: Image); another PackageType than Zip or Image is an error.
func isImage(f fields) bool {
	switch pt := f.str(propPackageType, packageZip); pt {
	case packageZip:
		return false
	case packageImage:
		return true
	default:
		f.fail(propPackageType, "want Zip or Image, got %q", pt)
		return false
	}
}

// code points fn.CodeDir at the function's code: a local folder as it is,
// a local archive unpacked, inline code written to the file Lambda would
// create. Code apigw cannot reach (S3, an image) marks fn with a Gap
// instead. SAM prefers InlineCode to CodeUri when both are set.
func (l *loader) code(fn *api.Function, f fields, key string) {
	if key == propCodeURI && f.has(propInlineCode) {
		l.inlineCode(fn, f, propInlineCode)
		return
	}
	n, err := l.r.Shallow(f.raw(key), f.at(key))
	l.fail(err)
	switch {
	case err != nil:
	case n == nil && key == propCode:
		f.fail(key, "missing Code")
	case n == nil:
		fn.CodeDir = l.dir
	case n.Kind == yaml.MappingNode:
		l.codeObject(fn, f.sub(key), key)
	default:
		l.codePath(fn, f, key)
	}
}

// codeObject reads Code: {ZipFile} or {ImageUri}, or an S3 object
// (Code: {S3Bucket, S3Key}, CodeUri: {Bucket, Key}).
func (l *loader) codeObject(fn *api.Function, m fields, key string) {
	switch {
	case m.has(propZipFile):
		l.inlineCode(fn, m, propZipFile)
	case m.has(propImageURI):
		l.functionGap(fn, m.at(propImageURI), imageGap, localCodeHint)
	default:
		l.functionGap(fn, m.loc, "code in S3 ("+key+": "+s3Object(m)+")", localCodeHint)
	}
}

// inlineCode writes the inline code at f's key into the code cache.
func (l *loader) inlineCode(fn *api.Function, f fields, key string) {
	src, ok := f.scalar(key, f.value(key))
	if !ok || fn.Runtime == "" {
		return // reported: not a string, or no runtime to run it on
	}
	file := inlineFile(fn.Runtime)
	if file == "" {
		f.fail(key, "%s, not %s", inlineRuntimes, fn.Runtime)
		return
	}
	dir, err := codecache.New(l.opts.CodeCache).File(file, []byte(src), false)
	if err != nil {
		l.add(api.NewError(api.KindIO, f.at(key), "writing inline code: %v", err).Wrap(err))
		return
	}
	fn.CodeDir = dir
}

func inlineFile(runtime string) string {
	for _, in := range inlineFiles {
		if in.runtime(runtime) {
			return in.file
		}
	}
	return ""
}

// codePath reads CodeUri / Code given as a string: an S3 URI or a local
// path.
func (l *loader) codePath(fn *api.Function, f fields, key string) {
	p, ok := f.scalar(key, f.value(key))
	switch {
	case !ok:
	case strings.HasPrefix(p, s3Scheme):
		l.functionGap(fn, f.at(key), "code in S3 ("+key+": "+p+")", localCodeHint)
	default:
		l.localCode(fn, f, key, p)
	}
}

// s3Object names an S3 object given as {Bucket, Key} or {S3Bucket,
// S3Key}, as far as its fields resolve without a deployment.
func s3Object(f fields) string {
	bucket, key := f.quiet(propBucket, propS3Bucket), f.quiet(propKey, propS3Key)
	if bucket == "" || key == "" {
		return "an S3 object"
	}
	return s3Scheme + bucket + "/" + key
}

// quiet is the first of keys that resolves to a string, or "": a name
// for a message, never an error.
func (f fields) quiet(keys ...string) string {
	for _, k := range keys {
		if n := f.raw(k); n != nil {
			if v, err := f.l.r.Resolve(n, f.at(k)); err == nil && v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
		}
	}
	return ""
}

// localCode resolves a local code path: a folder is used as it is, a zip
// (or jar) archive is unpacked into the code cache, any other file is put
// there alone.
func (l *loader) localCode(fn *api.Function, f fields, key, p string) {
	if fn.Runtime == "" {
		return // no runtime to run it on, reported: one cause, one error
	}
	dir, err := l.localPath(p, f.at(key))
	if err != nil {
		l.fail(err)
		return
	}
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		l.add(api.NewError(api.KindIO, f.at(key), "%s %s does not exist", codeNoun(p), p).Wrap(err))
	case st.IsDir():
		fn.CodeDir = dir
	case codecache.IsZip(dir):
		l.unpack(fn, f, key, dir)
	default:
		l.singleFile(fn, f.at(key), dir, st.Mode()&0o111 != 0)
	}
}

// singleFile puts a file that is no archive alone in a code folder, as
// sam package zips such a file on its own (CodeUri: src/app.js).
func (l *loader) singleFile(fn *api.Function, loc api.Location, path string, exec bool) {
	data, err := readLocal(path, loc)
	if err == nil {
		fn.CodeDir, err = codecache.New(l.opts.CodeCache).File(filepath.Base(path), data, exec)
	}
	if err != nil {
		l.add(api.NewError(api.KindIO, loc, "%v", err).Wrap(err))
	}
}

// codeNoun is what a missing code path was meant to be: an archive when
// named like one, else a folder (evidence/loading 7.7).
func codeNoun(p string) string {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".zip", ".jar":
		return "code archive"
	}
	return "code folder"
}

// unpack unpacks the archive at path into the code cache. An archive
// Lambda would refuse (unreadable, over 250 MB unzipped) is an error; one
// apigw will not unpack safely (paths or links leading out) is a Gap.
func (l *loader) unpack(fn *api.Function, f fields, key, path string) {
	dir, err := codecache.New(l.opts.CodeCache).Archive(path)
	switch {
	case err == nil:
		fn.CodeDir, fn.CodeArchive = dir, path
	case errors.Is(err, codecache.ErrUnsafeEntry):
		l.functionGap(fn, f.at(key), unsafeArchive+" ("+key+")", err.Error())
	case errors.Is(err, codecache.ErrBadArchive), errors.Is(err, codecache.ErrTooLarge):
		l.add(api.NewError(api.KindInvalid, f.at(key), "%v", err).Wrap(err))
	default:
		l.add(api.NewError(api.KindIO, f.at(key), "unpacking code: %v", err).Wrap(err))
	}
}

// functionGap marks fn as one apigw cannot run yet, for what (in a SAM
// user's words) found at loc, and lists the finding, with why, once in
// Template.Unsupported: routes integrating fn fail closed (api.RouteGap)
// and the rest of the template is served. The first gap found is the
// function's.
func (l *loader) functionGap(fn *api.Function, loc api.Location, what, why string) {
	if !fn.Gap.Missing() {
		fn.Gap = api.Gap{What: what, Source: loc}
	}
	l.out.Unsupported = append(l.out.Unsupported, api.NewError(api.KindUnsupported, loc, "%s is not supported yet: %s", what, why))
}
