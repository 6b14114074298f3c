package mapping

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// Op is what a mapping does to its target.
type Op uint8

// Operations, as a key's prefix spells them.
const (
	Overwrite Op = iota + 1
	Append
	Remove
)

// Where is the part of the backend request a mapping changes.
type Where uint8

// Targets, as a key spells them after the colon.
const (
	Header Where = iota + 1
	QueryString
	Path
	StatusCode // a response's status ("overwrite:statuscode")
)

// Mapping is one parsed RequestParameters entry.
type Mapping struct {
	Op    Op
	Where Where
	Name  string // header or query-string name; "" for Path
	Value Value  // nil for Remove
}

// ErrSyntax: a key or value is not a parameter-mapping expression.
var ErrSyntax = errors.New("parameter mapping")

// ErrReserved: the key names a header API Gateway does not let a mapping
// change (DG http-api-parameter-mapping, reserved headers).
var ErrReserved = errors.New("parameter mapping: reserved header")

// ErrUnsupported: the value reads a source apigw does not provide yet
// (the request body).
var ErrUnsupported = errors.New("parameter mapping: source not supported yet")

// ops are the key prefixes.
var ops = map[string]Op{"overwrite": Overwrite, "append": Append, "remove": Remove}

// Parse reads one RequestParameters entry: key "op:target", value an
// expression (ignored for remove).
func Parse(key, value string) (Mapping, error) {
	m, err := parseEntry(key, value)
	if err == nil && m.Value.reads(ResponseHeader) {
		err = fmt.Errorf("key %q: %w: $response is only for response parameters", key, ErrSyntax)
	}
	return m, err
}

// parseEntry reads "op:target" and, unless op is remove, the value.
func parseEntry(key, value string) (Mapping, error) {
	opName, target, ok := strings.Cut(key, ":")
	m := Mapping{Op: ops[opName]}
	if !ok || m.Op == 0 {
		return m, fmt.Errorf("%w: key %q: want overwrite:, append: or remove:", ErrSyntax, key)
	}
	if err := m.parseTarget(target); err != nil {
		return m, fmt.Errorf("key %q: %w", key, err)
	}
	if m.Op == Remove {
		return m, nil
	}
	v, err := m.parseValue(value)
	if err != nil {
		return m, fmt.Errorf("key %q: %w", key, err)
	}
	m.Value = v
	return m, nil
}

// parseTarget reads "header.NAME", "querystring.NAME" or "path".
func (m *Mapping) parseTarget(t string) error {
	if t == "path" {
		if m.Op != Overwrite {
			return fmt.Errorf("%w: path can only be overwritten", ErrSyntax)
		}
		m.Where = Path
		return nil
	}
	where, name, _ := strings.Cut(t, ".")
	switch where {
	case "header":
		m.Where = Header
		if reserved(name) {
			return fmt.Errorf("%w: %s", ErrReserved, name)
		}
	case "querystring":
		m.Where = QueryString
	default:
		return fmt.Errorf("%w: target %q: want header.NAME, querystring.NAME or path", ErrSyntax, t)
	}
	if name == "" || (m.Where == Header && !request.ValidHeaderName(name)) || strings.ContainsAny(name, "&=#") {
		return fmt.Errorf("%w: bad name %q", ErrSyntax, name)
	}
	m.Name = name
	return nil
}

// parseValue parses value for m; a header's static text must be a valid
// header value (no control characters).
func (m Mapping) parseValue(value string) (Value, error) {
	v, err := ParseValue(value)
	if err != nil || m.Where != Header {
		return v, err
	}
	for _, p := range v {
		if p.Source == Literal && !request.ValidHeaderValue(p.Text) {
			return nil, fmt.Errorf("%w: %q is not a valid header value", ErrSyntax, p.Text)
		}
	}
	return v, nil
}

// reservedHeaders may not be mapped; reservedPrefixes neither, by prefix
// (lower case).
var (
	reservedHeaders = []string{
		"authorization", "connection", "content-encoding", "content-length", "content-location",
		"forwarded", "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te",
		"trailers", "transfer-encoding", "upgrade", "x-forwarded-for", "x-forwarded-host",
		"x-forwarded-proto", "via",
	}
	reservedPrefixes = []string{"access-control-", "apigw-", "x-amz-", "x-amzn-"}
)

func reserved(name string) bool {
	n := strings.ToLower(name)
	if slices.Contains(reservedHeaders, n) {
		return true
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// List is an integration's mappings, applied in a fixed order (sorted by
// target, then operation) since a template's map has none.
type List []Mapping

// ParseAll parses every entry of params; errors are joined.
func ParseAll(params map[string]string) (List, error) {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out List
	var errs []error
	for _, k := range keys {
		m, err := Parse(k, params[k])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, m)
	}
	return out, errors.Join(errs...)
}
