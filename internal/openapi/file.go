package openapi

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// Defaults of a bare OpenAPI file served on its own.
const (
	// BareStage is the stage of a bare file's API (DESIGN section 1).
	BareStage = "dev"
	// bareLogicalID names the API when the file name has no letters or digits.
	bareLogicalID = "OpenApi"
)

// maxFileBytes bounds the document LoadFile reads.
const maxFileBytes = 16 << 20

// LoadFile reads a bare OpenAPI or Swagger file served on its own: one API
// on stage "dev", no functions. Its logical id is the file name without
// directory and extension, keeping only ASCII letters and digits
// ("pet-store.v2.yaml" -> "petstorev2"; "OpenApi" if none are left), and
// its id is api.IDFor of that. Lambda integrations and authorizers fail
// closed (Gaps; findings wrapping ErrNeedsTemplate): their functions live
// in a SAM template that references the document.
func LoadFile(path string) (*api.Template, error) {
	if st, err := os.Stat(path); err == nil && (!st.Mode().IsRegular() || st.Size() > maxFileBytes) {
		return nil, api.NewError(api.KindIO, api.Location{File: path}, "not a regular file of at most %d MiB", maxFileBytes>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, api.NewError(api.KindIO, api.Location{File: path}, "reading the file: %v", err).Wrap(err)
	}
	def, err := Load(data, Options{File: path})
	if err != nil {
		return nil, err
	}
	if err := def.CheckIntegrations(); err != nil {
		return nil, err
	}
	id := LogicalIDForFile(path)
	a := &api.API{
		LogicalID:        id,
		ID:               api.IDFor(id),
		Stage:            BareStage,
		Routes:           def.Routes,
		Authorizers:      def.Authorizers,
		GatewayResponses: def.GatewayResponses,
		BinaryMediaTypes: def.BinaryMediaTypes,
		ResourcePolicy:   def.ResourcePolicy,
	}
	return &api.Template{File: path, APIs: []*api.API{a}, Functions: map[string]*api.Function{}, Warnings: def.Warnings, Unsupported: def.Unsupported}, nil
}

// LogicalIDForFile derives a bare file's API logical id from its name.
func LogicalIDForFile(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	id := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, base)
	if id == "" {
		return bareLogicalID
	}
	return id
}
