package authcache

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/redis/rueidis"
)

// listTimeout bounds a listing of a Redis store: it is for inspection (the
// admin API), never on a request's path, so it may take longer than one
// request's round trip.
const listTimeout = 5 * time.Second

// List returns the records of every stage's current generation of this
// API, as every replica sees them (expired ones included: the Cache
// checks expiry by its clock). It scans the API's keys, then reads each
// stage's generation and each entry.
func (s *RedisStore) List(ctx context.Context) ([]Listed, error) {
	ctx, cancel := context.WithTimeout(ctx, listTimeout)
	defer cancel()
	names, err := s.scan(ctx)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	gens, err := s.generations(ctx, names)
	if err != nil {
		return nil, err
	}
	return s.readListed(ctx, names, gens)
}

// listedName is an entry's key name, split.
type listedName struct {
	name, stage, authorizer string
}

// scan finds the entry keys of this API (SCAN with a pattern of its
// namespace).
func (s *RedisStore) scan(ctx context.Context) ([]listedName, error) {
	c := s.r.client
	prefix := "apigw:v1:{" + url.PathEscape(s.apiID) + "/"
	pattern := globEscape(prefix) + "*}:e:*"
	var out []listedName
	for cursor := uint64(0); ; {
		e, err := c.Do(ctx, c.B().Scan().Cursor(cursor).Match(pattern).Count(1000).Build()).AsScanEntry()
		if err != nil {
			return nil, err
		}
		for _, name := range e.Elements {
			if n, ok := parseEntryName(prefix, name); ok {
				out = append(out, n)
			}
		}
		if cursor = e.Cursor; cursor == 0 {
			return out, nil
		}
	}
}

// parseEntryName reads stage and authorizer from prefix+stage+"}:e:"+
// authorizer+":"+hash (stageNames.entry).
func parseEntryName(prefix, name string) (listedName, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return listedName{}, false
	}
	stage, rest, ok := strings.Cut(rest, "}:e:")
	authorizer, _, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 {
		return listedName{}, false
	}
	stage, err1 := url.PathUnescape(stage)
	authorizer, err2 := url.QueryUnescape(authorizer)
	if err1 != nil || err2 != nil {
		return listedName{}, false
	}
	return listedName{name: name, stage: stage, authorizer: authorizer}, true
}

// globEscape escapes the characters Redis's MATCH treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// generations reads the current generation of each stage named.
func (s *RedisStore) generations(ctx context.Context, names []listedName) (map[string]string, error) {
	gens := map[string]string{}
	for _, n := range names {
		if _, ok := gens[n.stage]; ok {
			continue
		}
		g, err := s.read(ctx, s.names(n.stage).gen)
		if err != nil {
			return nil, err
		}
		gens[n.stage] = g
	}
	return gens, nil
}

// readListed reads each entry in one pipeline and keeps those of their
// stage's current generation.
func (s *RedisStore) readListed(ctx context.Context, names []listedName, gens map[string]string) ([]Listed, error) {
	c := s.r.client
	cmds := make(rueidis.Commands, len(names))
	for i, n := range names {
		cmds[i] = c.B().Get().Key(n.name).Build()
	}
	var out []Listed
	for i, r := range c.DoMulti(ctx, cmds...) {
		val, err := optionalString(r)
		if err != nil {
			return nil, err
		}
		gen, rec, err := decodeRecord(val)
		n := names[i]
		if err != nil || gen == "" || gen != gens[n.stage] {
			continue
		}
		sum := n.name[strings.LastIndexByte(n.name, ':')+1:]
		out = append(out, Listed{Stage: n.stage, Authorizer: n.authorizer, KeyHash: digest([]byte(sum)), Record: rec})
	}
	return out, nil
}
