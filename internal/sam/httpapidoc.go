package sam

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/openapi"
)

// LoadHTTPAPIDocument serves path, an HTTP API's OpenAPI document on its
// own (openapi.IsHTTPAPIExport), as the HTTP API it defines: it loads as an
// AWS::Serverless::HttpApi whose DefinitionUri is the document, so that
// everything an HttpApi's definition means holds for it (the $default
// stage, routes, authorizers, 404 Not Found). The API's logical id is
// the file's name, as for a bare REST document (openapi.LogicalIDForFile).
// There are no functions: its Lambda integrations and authorizers fail
// closed per route, in the words a bare REST document's do.
func LoadHTTPAPIDocument(path string, opts Options) (*api.Template, error) {
	uri, err := json.Marshal(filepath.Base(path))
	if err != nil {
		return nil, err
	}
	tpl := fmt.Sprintf(bareHTTPAPI, openapi.LogicalIDForFile(path), uri)
	opts.document = true
	return loadBytes(path, []byte(tpl), opts)
}

// bareHTTPAPI: %[1]s the API's logical id, %[2]s the document's file name
// as a JSON string.
const bareHTTPAPI = `Transform: AWS::Serverless-2016-10-31
Resources:
  %[1]s:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: %[2]s
`
