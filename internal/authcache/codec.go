package authcache

import (
	"encoding/binary"
	"fmt"
	"time"
)

// recordVersion starts every encoded record; a record of another version
// is corrupt to this apigw (and is replaced by the next load).
const recordVersion = "apigw-record-1\n"

// encodeRecord is a record as a remote store holds it, with the generation
// it was stored in: the version, then generation, format, principal and
// source (each length-prefixed), StoredAt as Unix nanoseconds, the TTL in
// nanoseconds, and Raw to the end.
func encodeRecord(gen string, r *Record) string {
	b := make([]byte, 0, len(recordVersion)+len(gen)+len(r.Format)+len(r.Principal)+len(r.Source)+len(r.Raw)+6*binary.MaxVarintLen64)
	b = append(b, recordVersion...)
	for _, s := range []string{gen, r.Format, r.Principal, r.Source} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, r.StoredAt.UnixNano())
	b = binary.AppendUvarint(b, uint64(r.TTL))
	return string(append(b, r.Raw...))
}

// decodeRecord reads what encodeRecord wrote. The strings it returns share
// s's memory. Any other input is an error wrapping ErrCorrupt.
func decodeRecord(s string) (gen string, r Record, err error) {
	d := decoder{s: s}
	if !d.prefix(recordVersion) {
		return "", r, fmt.Errorf("%w: not a version-1 record", ErrCorrupt)
	}
	gen, r.Format, r.Principal, r.Source = d.str(), d.str(), d.str(), d.str()
	storedAt, ttl := d.varint(), d.uvarint()
	if d.bad || ttl == 0 || ttl > uint64(maxTTL) {
		return "", Record{}, fmt.Errorf("%w: truncated or out of range", ErrCorrupt)
	}
	r.StoredAt, r.TTL, r.Raw = time.Unix(0, storedAt), time.Duration(ttl), d.s
	return gen, r, nil
}

// maxTTL bounds a decoded TTL; the spec's limit is an hour (C-1), so a
// day leaves room without letting garbage live for ever.
const maxTTL = 24 * time.Hour

// decoder reads length-prefixed fields; bad is set on the first problem
// and every later read returns zero.
type decoder struct {
	s   string
	bad bool
}

func (d *decoder) prefix(p string) bool {
	if len(d.s) < len(p) || d.s[:len(p)] != p {
		return false
	}
	d.s = d.s[len(p):]
	return true
}

// uvarint reads a varint in its one shortest form (so that a record has
// exactly one encoding).
func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint([]byte(d.s[:min(len(d.s), binary.MaxVarintLen64)]))
	if n <= 0 || d.bad || n != binary.PutUvarint(make([]byte, binary.MaxVarintLen64), v) {
		d.bad = true
		return 0
	}
	d.s = d.s[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint([]byte(d.s[:min(len(d.s), binary.MaxVarintLen64)]))
	if n <= 0 || d.bad || n != binary.PutVarint(make([]byte, binary.MaxVarintLen64), v) {
		d.bad = true
		return 0
	}
	d.s = d.s[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.s)) {
		d.bad = true
		return ""
	}
	v := d.s[:n]
	d.s = d.s[n:]
	return v
}
