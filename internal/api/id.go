package api

import (
	"crypto/sha256"
	"math/big"
	"strings"
)

const idLen = 10

// IDFor derives a stable 10-character [a-z0-9] API id from a logical id, so
// method ARNs do not change across restarts.
func IDFor(logicalID string) string {
	sum := sha256.Sum256([]byte("apigw/" + logicalID))
	s := new(big.Int).SetBytes(sum[:]).Text(36)
	if len(s) < idLen {
		s = strings.Repeat("0", idLen-len(s)) + s
	}
	return s[:idLen]
}
