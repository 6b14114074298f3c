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
// are byte for byte the same. It owns the values it holds; readers share
// them and must not modify them.
type decoded[V any] struct {
	decode func(string) (V, error)
	values *otter.Cache[string, V]
}

func newDecoded[V any](decode func(string) (V, error), size int) (*decoded[V], error) {
	if size < 0 {
		return nil, fmt.Errorf("authcache: Decoded %d: want 0 (default) or more", size)
	}
	if decode == nil {
		return &decoded[V]{}, nil
	}
	values, err := otter.New(&otter.Options[string, V]{MaximumSize: cmp.Or(size, DefaultDecoded)})
	if err != nil {
		return nil, fmt.Errorf("authcache: %w", err)
	}
	return &decoded[V]{decode: decode, values: values}, nil
}

// errNoDecoder: a remote record in a Cache built without Options.Decode.
var errNoDecoder = fmt.Errorf("%w: no decoder for a remote record", ErrCorrupt)

// get returns raw decoded, from the local cache when it is there.
func (d *decoded[V]) get(raw string) (V, error) {
	if d.decode == nil {
		var zero V
		return zero, errNoDecoder
	}
	if v, ok := d.values.GetIfPresent(raw); ok {
		return v, nil
	}
	v, err := d.decode(raw)
	if err != nil {
		return v, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	d.values.Set(raw, v)
	return v, nil
}
