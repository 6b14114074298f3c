package authorizer

import (
	"encoding/binary"
	"iter"
	"slices"
	"strings"
)

// Context is an authorizer's context with every value stringified (O-5),
// keys sorted and unique. It is one string (each key and value preceded by
// its length), so a cached result holds its context in one allocation. The
// zero Context is empty.
type Context struct {
	enc string
}

// ContextEntry is one authorizer context value.
type ContextEntry struct {
	Key, Value string
}

// newContext sorts entries by key, keeps the last value given for a key
// and encodes them.
func newContext(entries []ContextEntry) Context {
	slices.SortStableFunc(entries, func(a, b ContextEntry) int { return strings.Compare(a.Key, b.Key) })
	var b strings.Builder
	for i, e := range entries {
		if i+1 < len(entries) && entries[i+1].Key == e.Key {
			continue // a later duplicate wins
		}
		writeLenPrefixed(&b, e.Key)
		writeLenPrefixed(&b, e.Value)
	}
	return Context{enc: strings.Clone(b.String())}
}

func writeLenPrefixed(b *strings.Builder, s string) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(s)))])
	b.WriteString(s)
}

// next decodes one length-prefixed string at the start of s.
func next(s string) (part, rest string) {
	var n uint64
	var i int
	for shift := 0; i < len(s); shift += 7 {
		c := s[i]
		i++
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	end := i + int(n)
	return s[i:end], s[end:]
}

// All yields the entries in key order.
func (c Context) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for s := c.enc; s != ""; {
			var k, v string
			k, s = next(s)
			v, s = next(s)
			if !yield(k, v) {
				return
			}
		}
	}
}

// Lookup returns the value under key.
func (c Context) Lookup(key string) (string, bool) {
	for k, v := range c.All() {
		if k == key {
			return v, true
		}
	}
	return "", false
}

// Len is the number of entries.
func (c Context) Len() int {
	n := 0
	for range c.All() {
		n++
	}
	return n
}

// Entries returns the entries in key order, as a new slice.
func (c Context) Entries() []ContextEntry {
	var out []ContextEntry
	for k, v := range c.All() {
		out = append(out, ContextEntry{k, v})
	}
	return out
}

// Map returns the entries as a new map, for events and templates.
func (c Context) Map() map[string]string {
	m := make(map[string]string)
	for k, v := range c.All() {
		m[k] = v
	}
	return m
}
