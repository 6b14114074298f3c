package authcache

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
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
func (k Key) Hash() string { return digest(k.s) }

// digest is the salted, truncated HMAC of s that Hash and listings show.
func digest(s string) string {
	m := hmac.New(sha256.New, hashSalt)
	m.Write([]byte(s))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0]))[:HashLen]
}

// String returns the hash, so that printing a Key never prints a token.
func (k Key) String() string { return k.Hash() }
