package mapping

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// Response parameters (ResponseParameters): per integration status code,
// "overwrite:statuscode" and append|overwrite|remove on "header.NAME",
// with values that may also read the integration's response headers
// ($response.header.NAME).

// ErrStatus: an overwritten status is not a status in 200-599.
var ErrStatus = errors.New("parameter mapping: overwritten status code is not 200-599")

// ParseResponse reads one response-parameter entry.
func ParseResponse(key, value string) (Mapping, error) {
	if key == "overwrite:statuscode" {
		v, err := ParseValue(value)
		if err != nil {
			return Mapping{}, fmt.Errorf("key %q: %w", key, err)
		}
		return Mapping{Op: Overwrite, Where: StatusCode, Value: v}, nil
	}
	if _, target, _ := strings.Cut(key, ":"); !strings.HasPrefix(target, "header.") {
		return Mapping{}, fmt.Errorf("%w: response key %q: want overwrite:statuscode or append|overwrite|remove:header.NAME", ErrSyntax, key)
	}
	return parseEntry(key, value)
}

// Responses are an integration's response parameters by the integration
// status they apply to.
type Responses map[int]List

// ParseResponses parses ResponseParameters: status code -> entries.
func ParseResponses(params map[string]map[string]string) (Responses, error) {
	out := Responses{}
	var errs []error
	for code, entries := range params {
		status, err := strconv.Atoi(code)
		if err != nil || status < 200 || status > 599 {
			errs = append(errs, fmt.Errorf("%w: response status %q is not 200-599", ErrSyntax, code))
			continue
		}
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m, err := ParseResponse(k, entries[k])
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out[status] = append(out[status], m)
		}
	}
	return out, errors.Join(errs...)
}

// Apply changes status and headers, an integration's response to req, as
// the entries for that status say; values read the response as it came.
func (r Responses) Apply(status int, headers []request.Field, req *request.Request, vars Vars) (int, []request.Field, error) {
	l := r[status]
	if len(l) == 0 {
		return status, headers, nil
	}
	vars.Response = headers
	out := append([]request.Field(nil), headers...)
	newStatus := status
	for _, m := range l {
		var v string
		if m.Op != Remove {
			v = m.Value.Eval(req, vars)
		}
		if m.Where == StatusCode {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 200 || n > 599 {
				return 0, nil, fmt.Errorf("%w: %q", ErrStatus, v)
			}
			newStatus = n
			continue
		}
		out = applyField(out, m, v)
	}
	return newStatus, out, nil
}

// applyField applies a header mapping to a response's fields; as
// applyHeader, a value that cannot be written is not.
func applyField(h []request.Field, m Mapping, v string) []request.Field {
	if m.Op != Append {
		h = deleteField(h, m.Name)
	}
	if m.Op != Remove && request.ValidHeaderValue(v) {
		h = append(h, request.Field{Name: m.Name, Value: v})
	}
	return h
}

func deleteField(h []request.Field, name string) []request.Field {
	out := h[:0]
	for _, f := range h {
		if !strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	return out
}
