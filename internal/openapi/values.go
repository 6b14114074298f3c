package openapi

import (
	"github.com/apigw/apigw/internal/api"

	"math"
	"slices"
	"strconv"
	"strings"
)

// object is a JSON object inside an extension, with its field path.
type object struct {
	m     map[string]any
	field string
}

// join appends keys to a dotted field path.
func join(field string, keys ...string) string {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if field == "" {
			field = k
			continue
		}
		field += "." + k
	}
	return field
}

// typeName names a decoded JSON value's type for error messages.
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int, int64, uint64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	default:
		return "an unexpected value"
	}
}

// object reads v as an object; anything else is an error at field.
func (l *loader) object(v any, field string) (object, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		l.fail(api.KindInvalid, l.at(field), "must be an object, got %s", typeName(v))
	}
	return object{m: m, field: field}, ok
}

// checkFields reports every field of o not in allowed.
func (l *loader) checkFields(o object, allowed ...string) {
	for _, k := range sortedKeys(o.m) {
		if !slices.Contains(allowed, k) {
			l.fail(api.KindInvalid, l.at(join(o.field, k)), "unknown field (want one of %s)", strings.Join(allowed, ", "))
		}
	}
}

// str returns the string field key of o and whether it is set.
func (l *loader) str(o object, key string) (string, bool) {
	v, ok := o.m[key]
	if !ok {
		return "", false
	}
	s, isStr := v.(string)
	if !isStr {
		l.fail(api.KindInvalid, l.at(join(o.field, key)), "must be a string, got %s", typeName(v))
	}
	return s, isStr
}

// integer returns the whole-number field key of o, def when absent, and
// reports values outside [lo, hi].
func (l *loader) integer(o object, key string, def, lo, hi int) int {
	v, ok := o.m[key]
	if !ok {
		return def
	}
	n, isInt := wholeNumber(v)
	if !isInt || n < lo || n > hi {
		l.fail(api.KindInvalid, l.at(join(o.field, key)), "must be a whole number from %d to %d, got %s", lo, hi, show(v))
		return def
	}
	return n
}

// statusCode reads an HTTP status code written as a string ("404", the
// documented form) or a number; def when absent.
func (l *loader) statusCode(o object, key string, def int) int {
	v, ok := o.m[key]
	if !ok {
		return def
	}
	if s, isStr := v.(string); isStr {
		if n, err := strconv.Atoi(s); err == nil {
			v = float64(n)
		}
	}
	n, isInt := wholeNumber(v)
	if !isInt || n < 100 || n > 599 {
		l.fail(api.KindInvalid, l.at(join(o.field, key)), "must be an HTTP status code from 100 to 599, got %s", show(v))
		return def
	}
	return n
}

func wholeNumber(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, false
	}
	return int(f), true
}

// show renders a decoded value briefly for an error message.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return typeName(v)
	}
}

// stringMap reads an object of strings; nil when absent.
func (l *loader) stringMap(o object, key string) map[string]string {
	v, ok := o.m[key]
	if !ok {
		return nil
	}
	sub, ok := l.object(v, join(o.field, key))
	if !ok {
		return nil
	}
	out := make(map[string]string, len(sub.m))
	for _, k := range sortedKeys(sub.m) {
		if s, ok := l.str(sub, k); ok {
			out[k] = s
		}
	}
	return out
}

// stringList reads a list of non-empty strings at field.
func (l *loader) stringList(v any, field string) []string {
	list, ok := v.([]any)
	if !ok {
		l.fail(api.KindInvalid, l.at(field), "must be a list of strings, got %s", typeName(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok || s == "" {
			l.fail(api.KindInvalid, l.at(join(field, strconv.Itoa(i))), "must be a non-empty string, got %s", show(item))
			continue
		}
		out = append(out, s)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
