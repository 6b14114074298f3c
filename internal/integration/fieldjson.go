package integration

import (
	"strings"

	"github.com/apigw/apigw/internal/request"
)

// How a JSON object built from fields holds the values of one name.
type valueMode int

const (
	lastValue    valueMode = iota // "name":"last" (L-1 headers: last wins)
	allValues                     // "name":["a","b"] (L-1 multiValue*)
	joinedValues                  // "name":"a,b" (payload 2.0)
)

// smallFields is the size up to which names are grouped by scanning,
// without allocating; larger sets use a map so the work stays linear.
const smallFields = 32

// fieldObject describes one JSON object to build from fields.
type fieldObject struct {
	mode valueMode
	// fold groups names without regard to case and writes them lower-cased.
	fold bool
	// skip, when set, names the fields left out.
	skip func(name string) bool
	// rename, when set, gives the name a field is written and grouped
	// under (before fold).
	rename func(name string) string
}

// appendFields appends fields as one JSON object, names in first-arrival
// order, or null when there are none.
func (o fieldObject) appendFields(b []byte, fields []request.Field) []byte {
	if len(fields) == 0 {
		return append(b, "null"...)
	}
	b, _ = o.appendMembers(append(b, '{'), fields, true)
	return append(b, '}')
}

// appendMembers appends the members fields make, preceded by a comma
// unless first, and reports whether it appended none (first again).
func (o fieldObject) appendMembers(b []byte, fields []request.Field, first bool) ([]byte, bool) {
	if len(fields) <= smallFields {
		return o.appendSmall(b, fields, first)
	}
	return o.appendLarge(b, fields, first)
}

func (o fieldObject) appendSmall(b []byte, fields []request.Field, first bool) ([]byte, bool) {
	var done [smallFields]bool
	var names [smallFields]string
	for i, f := range fields {
		done[i], names[i] = o.skipped(f.Name), o.nameOf(f.Name)
	}
	var buf [smallFields]int
	for i := range fields {
		if done[i] {
			continue
		}
		idx := buf[:0]
		for j := i; j < len(fields); j++ {
			if !done[j] && o.same(names[i], names[j]) {
				idx = append(idx, j)
				done[j] = true
			}
		}
		b = o.appendGroup(b, fields, idx, first)
		first = false
	}
	return b, first
}

func (o fieldObject) appendLarge(b []byte, fields []request.Field, first bool) ([]byte, bool) {
	byName := make(map[string]int, len(fields))
	var groups [][]int
	for i, f := range fields {
		if o.skipped(f.Name) {
			continue
		}
		key := o.nameOf(f.Name)
		if o.fold {
			key = strings.ToLower(key)
		}
		g, ok := byName[key]
		if !ok {
			g = len(groups)
			byName[key] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	for _, idx := range groups {
		b = o.appendGroup(b, fields, idx, first)
		first = false
	}
	return b, first
}

// appendGroup appends one name (fields[idx[0]].Name) and its values.
func (o fieldObject) appendGroup(b []byte, fields []request.Field, idx []int, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	name := o.nameOf(fields[idx[0]].Name)
	if o.fold {
		name = strings.ToLower(name)
	}
	b = appendString(b, name)
	b = append(b, ':')
	switch o.mode {
	case lastValue:
		return appendString(b, fields[idx[len(idx)-1]].Value)
	case joinedValues:
		return appendJoined(b, fields, idx)
	}
	b = append(b, '[')
	for n, i := range idx {
		if n > 0 {
			b = append(b, ',')
		}
		b = appendString(b, fields[i].Value)
	}
	return append(b, ']')
}

// appendJoined appends the values at idx joined by commas, as one string.
func appendJoined(b []byte, fields []request.Field, idx []int) []byte {
	if len(idx) == 1 {
		return appendString(b, fields[idx[0]].Value)
	}
	var sb strings.Builder
	for n, i := range idx {
		if n > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(fields[i].Value)
	}
	return appendString(b, sb.String())
}

// same reports whether two names (renamed already) group together.
func (o fieldObject) same(a, b string) bool {
	if o.fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

func (o fieldObject) nameOf(name string) string {
	if o.rename == nil {
		return name
	}
	return o.rename(name)
}

func (o fieldObject) skipped(name string) bool {
	return o.skip != nil && o.skip(name)
}

// appendStringMap appends m with its keys sorted, or null when empty.
func appendStringMap(b []byte, m map[string]string) []byte {
	if len(m) == 0 {
		return append(b, "null"...)
	}
	b = append(b, '{')
	var buf [smallMap]string
	for n, k := range sortedKeys(buf[:0], m) {
		if n > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, m[k])
	}
	return append(b, '}')
}
