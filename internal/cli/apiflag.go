package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// --api LOGICAL_ID serves (or validates, or lints) one API of a template
// that declares several, REST and HTTP APIs alike; without it every API
// is served on the one listener, the first that matches answering.

// errNoSuchAPI: --api names no API of the template.
var errNoSuchAPI = errors.New("--api: no such API")

func (f *templateFlags) registerAPI(fs *flag.FlagSet) {
	fs.StringVar(&f.api, "api", "", "serve only the API with this logical id (a template with several; default: all of them)")
}

// selectAPI keeps only the API whose logical id is id ("" keeps all).
func selectAPI(tpl *api.Template, id string) error {
	if id == "" {
		return nil
	}
	var ids []string
	for _, a := range tpl.APIs {
		if a.LogicalID == id {
			tpl.APIs = []*api.API{a}
			return nil
		}
		ids = append(ids, a.LogicalID)
	}
	return fmt.Errorf("%w %q; the template has %s", errNoSuchAPI, id, strings.Join(ids, ", "))
}
