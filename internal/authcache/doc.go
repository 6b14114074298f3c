// Package authcache is the authorizer result cache: entries keyed by
// (stage, authorizer, identity values) (C-5), each holding what one
// authorizer invocation produced, with the time it was stored, a fixed
// expiry (C-6) and the request that produced it.
//
// Invariants:
//   - A Key is built without ambiguity: every part is length-prefixed, so no
//     two distinct (stage, authorizer, identity) tuples share a key.
//   - An entry lives exactly its TTL from the moment it was stored; reading it
//     does not extend it (C-6). A TTL of zero or less is never stored.
//   - FlushStage(stage) makes every entry of that stage unreachable in O(1)
//     (a per-stage generation), and leaves other stages alone (C-7).
//   - Failures are never stored (C-4): a loader that returns an error stores
//     nothing, and concurrent misses for one key run the loader once.
//   - The raw key (it holds tokens) is never printed; Key.Hash is a short,
//     salted, non-reversible digest for logs.
//
// The cache stores whatever value the caller gives it; it never interprets
// it (the authorizer stores a parsed result, never a verdict, C-2). Store is
// the seam for a shared store later; Memory is the in-process one. The
// package imports nothing of apigw's.
package authcache
