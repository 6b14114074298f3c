// Package authcache is the authorizer result cache: entries keyed by
// (stage, authorizer, identity values) (C-5), each holding what one
// authorizer invocation returned (its raw output), with the time it was
// stored, a fixed expiry (C-6) and the request that produced it.
//
// Cache puts expiry (apigw's clock), decoding, single flight and failure
// handling in front of a Store. Stores: Memory (in-process) and RedisStore
// (shared by apigw replicas through Redis or Valkey, with client-side
// caching). Both pass the same contract tests (contract_test.go).
//
// Invariants:
//   - A Key is built without ambiguity: every part is length-prefixed, so no
//     two distinct (stage, authorizer, identity) tuples share a key.
//   - An entry lives exactly its TTL from the moment it was stored, by the
//     Cache's clock; reading it does not extend it (C-6). A TTL of zero or
//     less is never stored. A remote store's own expiry only collects
//     garbage.
//   - Flush generations live in the store: FlushStage(stage) makes every
//     entry of that stage unreachable for every user of the store in O(1),
//     and a load begun before it stores nothing (the store checks the
//     generation and writes in one step); other stages are untouched (C-7).
//   - Failures are never stored (C-4): a loader that returns an error stores
//     nothing, and concurrent misses for one key run the loader once.
//   - Fail closed: when the store cannot answer (an error, a timeout),
//     nothing it holds decides; the loader runs fresh (single flight per
//     key in this process) and its result is not stored (Status
//     Unavailable, counted in Stats). A record that does not decode is
//     treated as missing.
//   - The raw key (it holds tokens) is never printed nor sent to Redis;
//     Key.Hash is a short, salted, non-reversible digest for logs, and Redis
//     key names carry a SHA-256 of it.
//
// Listing (Cache.List over a Lister store) is for inspection, never on a
// request's path: the live entries with their stage, authorizer and a hash
// naming them; in Redis, every replica's entries (entry names carry the
// authorizer's name for this).
//
// The cache never interprets values (the authorizer stores its function's
// output and decides on every request, C-2). The package imports nothing of
// apigw's; redistest starts a real redis-server for tests.
package authcache
