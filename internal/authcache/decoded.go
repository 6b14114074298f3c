package authcache

import (
	"cmp"
	"fmt"

	"github.com/maypok86/otter/v2"
)

// DefaultDecoded bounds the local cache of decoded values.
const DefaultDecoded = 10_000

// decoded is the local cache of values decoded from records a remote store
// returned, keyed by the record's content: the map hashes it and compares
// it in full, so two records share a value only when their raw outputs
// are byte for byte the same (and were read in the same format). It owns
// the values it holds; readers share them and must not modify them.
type decoded[V any] struct {
	decode func(format, raw string) (V, error)
	values *otter.Cache[string, decodedValue[V]]
}

type decodedValue[V any] struct {
	format string
	v      V
}

func newDecoded[V any](decode func(format, raw string) (V, error), size int) (*decoded[V], error) {
	if size < 0 {
		return nil, fmt.Errorf("authcache: Decoded %d: want 0 (default) or more", size)
	}
	if decode == nil {
		return &decoded[V]{}, nil
	}
	values, err := otter.New(&otter.Options[string, decodedValue[V]]{MaximumSize: cmp.Or(size, DefaultDecoded)})
	if err != nil {
		return nil, fmt.Errorf("authcache: %w", err)
	}
	return &decoded[V]{decode: decode, values: values}, nil
}

// errNoDecoder: a remote record in a Cache built without Options.Decode.
var errNoDecoder = fmt.Errorf("%w: no decoder for a remote record", ErrCorrupt)

// get returns raw decoded in format, from the local cache when it is there.
func (d *decoded[V]) get(format, raw string) (V, error) {
	if d.decode == nil {
		var zero V
		return zero, errNoDecoder
	}
	if dv, ok := d.values.GetIfPresent(raw); ok && dv.format == format {
		return dv.v, nil
	}
	v, err := d.decode(format, raw)
	if err != nil {
		return v, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	d.values.Set(raw, decodedValue[V]{format: format, v: v})
	return v, nil
}
