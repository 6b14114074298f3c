package sam

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// maxFileSize bounds every file a template pulls in.
const maxFileSize = 16 << 20

const s3Scheme = "s3://"

// readLocal reads a regular file of at most maxFileSize bytes.
func readLocal(path string, loc api.Location) ([]byte, error) {
	// Stat before Open: opening a FIFO would block until a writer comes.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, api.NewError(api.KindIO, loc, "%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, api.NewError(api.KindIO, loc, "%v", err).Wrap(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, api.NewError(api.KindIO, loc, "%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err == nil && len(data) > maxFileSize {
		err = fmt.Errorf("larger than %d MiB", maxFileSize>>20)
	}
	if err != nil {
		return nil, api.NewError(api.KindIO, loc, "%s: %v", path, err).Wrap(err)
	}
	return data, nil
}

// localPath resolves a path written in the template against its folder;
// S3 locations cannot be read locally.
func (l *loader) localPath(p string, loc api.Location) (string, error) {
	if strings.HasPrefix(p, s3Scheme) {
		return "", api.NewError(api.KindUnsupported, loc, "%s is on S3, which apigw cannot read; point it at a local path", p)
	}
	if p == "" {
		return "", api.Errorf(loc, "empty path")
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.dir, p)
	}
	return p, nil
}

// readPathField reads the local file a field names; S3 objects
// ({Bucket, Key}) are an error.
func (l *loader) readPathField(f fields, key string) (path string, data []byte, ok bool) {
	v := f.value(key)
	if v == nil {
		return "", nil, false
	}
	if v.Kind != yaml.ScalarNode {
		f.unsupported(key, "an S3 object cannot be read locally; give a local path")
		return "", nil, false
	}
	path, err := l.localPath(v.Value, f.at(key))
	if err == nil {
		data, err = readLocal(path, f.at(key))
	}
	l.fail(err)
	return path, data, err == nil
}
