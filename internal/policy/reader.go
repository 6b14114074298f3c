package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// syntax wraps a JSON syntax error as malformed.
func syntax(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// describe names the JSON type of a token for error messages.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "an array"
	}
	return fmt.Sprintf("%T", tok)
}

// open reads the opening delimiter of an object or array.
func (r *reader) open(at string, want json.Delim) error {
	tok, err := r.dec.Token()
	if err != nil {
		return syntax(err)
	}
	if tok != want {
		return malformed("%s: want %s, got %s", at, describe(want), describe(tok))
	}
	return nil
}

// close reads the closing delimiter after dec.More reported no more values.
func (r *reader) close() error {
	_, err := r.dec.Token()
	return syntax(err)
}

// object reads one object, calling field for each key, which must consume
// the key's value. A repeated key is malformed.
func (r *reader) object(at string, field func(key string) error) error {
	if err := r.open(at, '{'); err != nil {
		return err
	}
	return r.fields(at, field)
}

// fields reads an object's keys and values after its opening '{'.
func (r *reader) fields(at string, field func(key string) error) error {
	var seen []string
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := tok.(string)
		if slices.Contains(seen, key) {
			return malformed("%s: duplicate key %q", at, key)
		}
		seen = append(seen, key)
		if err := field(key); err != nil {
			return err
		}
	}
	return r.close()
}

// str reads a string value.
func (r *reader) str(at string) (string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return "", syntax(err)
	}
	s, ok := tok.(string)
	if !ok {
		return "", malformed("%s: want a string, got %s", at, describe(tok))
	}
	return s, nil
}

// strs reads a non-empty string or a non-empty array of non-empty strings.
func (r *reader) strs(at string) ([]string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	switch v := tok.(type) {
	case string:
		if v == "" {
			return nil, malformed("%s: empty string", at)
		}
		return []string{v}, nil
	case json.Delim:
		if v == '[' {
			return r.strArray(at)
		}
	}
	return nil, malformed("%s: want a string or an array of strings, got %s", at, describe(tok))
}

func (r *reader) strArray(at string) ([]string, error) {
	var out []string
	for r.dec.More() {
		s, err := r.str(fmt.Sprintf("%s[%d]", at, len(out)))
		if err != nil {
			return nil, err
		}
		if s == "" {
			return nil, malformed("%s[%d]: empty string", at, len(out))
		}
		out = append(out, s)
	}
	if out == nil {
		return nil, malformed("%s: empty array", at)
	}
	return out, r.close()
}

// scalars reads a string, number or boolean, or a non-null array of them,
// as text.
func (r *reader) scalars(at string) ([]string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, syntax(err)
	}
	if tok == json.Delim('[') {
		out := []string{}
		for r.dec.More() {
			if tok, err = r.dec.Token(); err != nil {
				return nil, syntax(err)
			}
			v, ok := scalarText(tok)
			if !ok {
				return nil, malformed("%s: want strings, numbers or booleans, got %s", at, describe(tok))
			}
			out = append(out, v)
		}
		return out, r.close()
	}
	if v, ok := scalarText(tok); ok {
		return []string{v}, nil
	}
	return nil, malformed("%s: want a value or a list of values, got %s", at, describe(tok))
}

func scalarText(tok json.Token) (string, bool) {
	switch v := tok.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}
