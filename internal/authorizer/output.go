package authorizer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/apigw/apigw/internal/policy"
)

// MaxOutputBytes is the largest authorizer output accepted (section 10).
const MaxOutputBytes = 8 * 1024

// Output fields, as API Gateway names them (O-1). Names match exactly.
const (
	fieldPrincipalID    = "principalId"
	fieldPolicyDocument = "policyDocument"
	fieldContext        = "context"
	fieldUsageKey       = "usageIdentifierKey"
)

// errOutput starts every malformed-output error.
var errOutput = fmt.Errorf("%w: authorizer output", ErrConfiguration)

func badOutput(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errOutput, fmt.Sprintf(format, args...))
}

// ParseOutput reads a function's successful result strictly (O-1 to O-5).
// Every problem is an error wrapping ErrConfiguration.
func ParseOutput(b []byte) (*Result, error) {
	if err := checkOutput(b); err != nil {
		return nil, err
	}
	raw, err := topLevel(b)
	if err != nil {
		return nil, err
	}
	return raw.result()
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// rawOutput holds the top-level fields; nil means absent or null.
type rawOutput struct {
	principalID, policyDocument, context, usageKey json.RawMessage
}

// topLevel splits the output object by exact field name; later duplicates
// win, unknown fields are ignored.
func topLevel(b []byte) (rawOutput, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return rawOutput{}, badOutput("%v", err)
	}
	get := func(k string) json.RawMessage {
		v := fields[k]
		if isNull(v) {
			return nil
		}
		return v
	}
	return rawOutput{get(fieldPrincipalID), get(fieldPolicyDocument), get(fieldContext), get(fieldUsageKey)}, nil
}

func isNull(v json.RawMessage) bool { return v == nil || string(v) == "null" }

func (o rawOutput) result() (*Result, error) {
	if o.policyDocument == nil {
		return nil, badOutput("has no policyDocument (O-3)")
	}
	p, err := policy.Parse(o.policyDocument)
	if err != nil {
		return nil, fmt.Errorf("%w: policyDocument: %w", errOutput, err)
	}
	r := &Result{Policy: p}
	if r.PrincipalID, err = optionalString(o.principalID, fieldPrincipalID); err != nil {
		return nil, err
	}
	if r.UsageIdentifierKey, err = optionalString(o.usageKey, fieldUsageKey); err != nil {
		return nil, err
	}
	if r.Context, err = parseContext(o.context); err != nil {
		return nil, err
	}
	return r, nil
}

// optionalString reads a string field; absent or null gives "" (O-3).
func optionalString(v json.RawMessage, name string) (string, error) {
	if v == nil {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", badOutput("%s is not a string", name)
	}
	return s, nil
}

// parseContext reads the context object: string, number and boolean values
// become strings, a number keeping its JSON text (O-5); null values are
// dropped; objects and arrays are errors (O-4). Keys are sorted and the
// last of duplicates wins.
func parseContext(v json.RawMessage) (Context, error) {
	if v == nil {
		return Context{}, nil
	}
	if firstByte(v) != '{' {
		return Context{}, badOutput("context is not an object")
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // '{'
		return Context{}, badOutput("context: %v", err)
	}
	var out []ContextEntry
	for dec.More() {
		e, keep, err := contextEntry(dec)
		if err != nil {
			return Context{}, err
		}
		if keep {
			out = append(out, e)
		}
	}
	return newContext(out), nil
}

func contextEntry(dec *json.Decoder) (ContextEntry, bool, error) {
	kt, err := dec.Token()
	if err != nil {
		return ContextEntry{}, false, badOutput("context: %v", err)
	}
	key, _ := kt.(string) // object keys are always strings in valid JSON
	vt, err := dec.Token()
	if err != nil && !errors.Is(err, io.EOF) {
		return ContextEntry{}, false, badOutput("context: %v", err)
	}
	switch v := vt.(type) {
	case string:
		return ContextEntry{key, v}, true, nil
	case json.Number:
		return ContextEntry{key, v.String()}, true, nil
	case bool:
		return ContextEntry{key, strconv.FormatBool(v)}, true, nil
	case nil:
		return ContextEntry{}, false, nil // O-4: null values are dropped
	}
	return ContextEntry{}, false, badOutput("context value %q is an object or array (O-4)", key)
}
