package cli

import (
	"errors"
	"fmt"
	"strings"
)

const (
	overrideKeyPrefix  = "ParameterKey="
	overrideValueField = ",ParameterValue="
)

var errUnterminatedQuote = errors.New("unterminated double quote")

// parseParameterOverrides reads --parameter-overrides in both of SAM CLI's
// forms: space-separated `Key=Value` items, or
// `ParameterKey=Key,ParameterValue=Value` items. A value may be double-quoted
// to hold spaces, with \" and \\ as escapes.
func parseParameterOverrides(s string) (map[string]string, error) {
	items, err := splitOverrides(s)
	if err != nil {
		return nil, fmt.Errorf("--parameter-overrides: %w", err)
	}
	out := make(map[string]string, len(items))
	for _, item := range items {
		k, v, err := parseOverride(item)
		if err != nil {
			return nil, fmt.Errorf("--parameter-overrides: %q: %w", item, err)
		}
		out[k] = v
	}
	return out, nil
}

// splitOverrides splits s at whitespace outside double quotes, keeping the
// quotes in the items.
func splitOverrides(s string) ([]string, error) {
	var items []string
	var cur strings.Builder
	quoted, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case !quoted && isSpace(r):
			items = appendNonEmpty(items, &cur)
			continue
		}
		cur.WriteRune(r)
	}
	if quoted {
		return nil, errUnterminatedQuote
	}
	return appendNonEmpty(items, &cur), nil
}

func appendNonEmpty(items []string, cur *strings.Builder) []string {
	if cur.Len() > 0 {
		items = append(items, cur.String())
		cur.Reset()
	}
	return items
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// parseOverride reads one item in either form.
func parseOverride(item string) (key, value string, err error) {
	if rest, ok := strings.CutPrefix(item, overrideKeyPrefix); ok {
		key, value, ok = strings.Cut(rest, overrideValueField)
		if !ok {
			return "", "", fmt.Errorf("want ParameterKey=Key,ParameterValue=Value")
		}
	} else if key, value, ok = strings.Cut(item, "="); !ok {
		return "", "", fmt.Errorf("want Key=Value or ParameterKey=Key,ParameterValue=Value")
	}
	if !isParameterName(key) {
		return "", "", fmt.Errorf("parameter name %q is not alphanumeric (CloudFormation's rule)", key)
	}
	value, err = unquoteOverride(value)
	return key, value, err
}

func isParameterName(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// unquoteOverride removes one pair of surrounding double quotes and their
// escapes; an unquoted value is taken as it is.
func unquoteOverride(v string) (string, error) {
	inner, ok := strings.CutPrefix(v, `"`)
	if !ok {
		return v, nil
	}
	var b strings.Builder
	escaped := false
	for i, r := range inner {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
			continue
		case r == '"' && i == len(inner)-1:
			return b.String(), nil
		case r == '"':
			return "", fmt.Errorf("text after the closing quote")
		}
		b.WriteRune(r)
	}
	return "", errUnterminatedQuote
}
