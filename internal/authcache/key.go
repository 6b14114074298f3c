package authcache

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strings"
	"sync"
	"unsafe"
)

// HashLen is the length in characters of Key.Hash.
const HashLen = 12

// hashSalt keys the log digest so that a hash cannot be reversed by hashing
// guessed tokens; it changes with every process.
var hashSalt = func() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}()

// Key identifies one cache entry: a stage, an authorizer and the identity
// values in configured order (C-5). The zero Key is not valid. Keys are
// comparable and may be used as map keys.
type Key struct {
	s     string // uvarint(len)+bytes for stage, authorizer, each identity value
	stage string // a substring of s
}

const maxVarint = binary.MaxVarintLen64

// NewKey builds the key of (stage, authorizerID, identity...). It allocates
// once (the key string) and does not retain identity.
func NewKey(stage, authorizerID string, identity []string) Key {
	n := partLen(stage) + partLen(authorizerID)
	for _, v := range identity {
		n += partLen(v)
	}
	var b strings.Builder
	b.Grow(n)
	writePart(&b, stage)
	writePart(&b, authorizerID)
	for _, v := range identity {
		writePart(&b, v)
	}
	s := b.String()
	start := partLen(stage) - len(stage)
	return Key{s: s, stage: s[start : start+len(stage)]}
}

// AppendKey builds the key of (stage, authorizerID, identity...) into
// buf[:0], grown when too small, and returns the key and the buffer. It
// does not allocate when buf is large enough. The key borrows buf's memory
// and stage itself: it is valid only until the caller next changes buf, so
// the caller owns both and must not reuse buf while the key is in use.
// Stores may read a borrowed key but keep their own copy of whatever they
// retain (Cache.Load copies the key before the load starts).
func AppendKey(buf []byte, stage, authorizerID string, identity []string) (Key, []byte) {
	n := partLen(stage) + partLen(authorizerID)
	for _, v := range identity {
		n += partLen(v)
	}
	if cap(buf) < n {
		buf = make([]byte, 0, n)
	}
	b := appendPart(buf[:0], stage)
	b = appendPart(b, authorizerID)
	for _, v := range identity {
		b = appendPart(b, v)
	}
	return Key{s: unsafe.String(unsafe.SliceData(b), len(b)), stage: stage}, b
}

func appendPart(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// own returns k with memory of its own, for a store or a load that keeps it
// beyond the call that received it (k may borrow a caller's buffer).
func (k Key) own() Key {
	if k.IsZero() {
		return k
	}
	return Key{s: strings.Clone(k.s), stage: k.stage}
}

func partLen(s string) int {
	var tmp [maxVarint]byte
	return binary.PutUvarint(tmp[:], uint64(len(s))) + len(s)
}

func writePart(b *strings.Builder, s string) {
	var tmp [maxVarint]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(s)))])
	b.WriteString(s)
}

// Stage returns the stage the key belongs to.
func (k Key) Stage() string { return k.stage }

// IsZero reports whether k is the zero Key.
func (k Key) IsZero() bool { return k.s == "" }

// Hash returns a short digest of the key for logs and explanations. It
// never reveals the identity values; it is stable within one process only.
// It digests the key's sum (keySum), which a Redis entry's name ends with,
// so a listing of Redis names each entry by the Hash of the requests it
// decided.
func (k Key) Hash() string {
	sum := keySum(k.s)
	return digest(sum[:])
}

// keySum is the hex SHA-256 of a key's encoding, the end of its Redis
// entry's name (stageNames.entry).
func keySum(s string) [2 * sha256.Size]byte {
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(s), len(s))) // read only: a hash keeps no reference
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return h
}

// digest is the salted, truncated HMAC of a key's sum that Hash and
// listings show.
func digest(sum []byte) string {
	d := keyedHMACs.Get().(*keyDigest)
	n := copy(d.in[:], sum) // the caller's sum stays on its stack
	d.mac.Reset()
	d.mac.Write(d.in[:n])
	hex.Encode(d.hex[:], d.mac.Sum(d.sum[:0]))
	h := string(d.hex[:HashLen])
	keyedHMACs.Put(d)
	return h
}

// keyDigest is an HMAC-SHA256 keyed with hashSalt and its output buffers.
type keyDigest struct {
	mac hash.Hash
	in  [2 * sha256.Size]byte
	sum [sha256.Size]byte
	hex [2 * sha256.Size]byte
}

// keyedHMACs are keyDigests, reused: every request's log line asks for its
// key's hash, and keying an HMAC costs more than the hash itself.
var keyedHMACs = sync.Pool{New: func() any { return &keyDigest{mac: hmac.New(sha256.New, hashSalt)} }}

// String returns the hash, so that printing a Key never prints a token.
func (k Key) String() string { return k.Hash() }
