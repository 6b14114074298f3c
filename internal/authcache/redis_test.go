package authcache

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// replica is one apigw process as far as the cache goes: its own client of
// Redis and its own Cache over it.
type replica struct {
	redis *Redis
	cache *Cache[string]
}

func newReplica(t *testing.T, url string, clock *fakeClock, timeout time.Duration) replica {
	t.Helper()
	r := dialRedis(t, url, timeout)
	return replica{redis: r, cache: newCache(t, r.Store("abc123"), clock)}
}

// get is one request's lookup: the status it got and the value it used.
func (r replica) get(t *testing.T, key Key, load Loader[string]) (string, Status) {
	t.Helper()
	e, st, err := r.cache.Get(context.Background(), key, load)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return e.Value, st
}

// sync returns once r has applied what Redis sent it so far (a flush by
// another replica included).
func (r replica) sync(t *testing.T) {
	t.Helper()
	if err := r.redis.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// connected returns once r has had one answer from Redis. A ping may
// outlast a short timeout on a loaded machine; that is retried, since
// only the connection matters here.
func (r replica) connected(t *testing.T) {
	t.Helper()
	var err error
	for range 50 {
		if err = r.redis.Ping(context.Background()); err == nil {
			return
		}
	}
	t.Fatalf("Ping, 50 tries: %v", err)
}

// TestReplicasShareOneCache: two replicas on one Redis behave as one cache:
// one load per key and TTL across both (C-2), one flush for both (C-7),
// expiry by apigw's clock (C-6).
func TestReplicasShareOneCache(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	url := startRedis(t).URL()
	a, b := newReplica(t, url, clock, testTimeout), newReplica(t, url, clock, testTimeout)
	key := NewKey("prod", "TokenAuth", []string{"allow"})
	var calls atomic.Int64
	load := countingLoader(&calls, "policy", 300*time.Second, nil)
	steps := []struct {
		name     string
		on       replica
		before   func()
		want     Status
		wantCall int64
	}{
		{"C-2 first request loads on A", a, nil, Miss, 1},
		{"C-2 B is served A's result", b, nil, Hit, 1},
		{"C-2 and again from its local copy", b, nil, Hit, 1},
		{"C-7 a flush on A reaches B", b, func() { flush(t, a.cache, "prod"); b.sync(t) }, Miss, 2},
		{"C-2 A is served B's new result", a, nil, Hit, 2},
		{"C-6 expiry is apigw's clock, not Redis's", a, func() { clock.Advance(300 * time.Second) }, Miss, 3},
		{"C-6 B sees the renewed entry", b, func() { b.sync(t) }, Hit, 3},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		if _, st := s.on.get(t, key, load); st != s.want || calls.Load() != s.wantCall {
			t.Fatalf("%s: got %v after %d loads; want %v after %d", s.name, st, calls.Load(), s.want, s.wantCall)
		}
	}
}

// TestFlushOnOneReplicaDiscardsAnotherReplicasLoad: a load that began on B
// before A flushed answers its caller but is not stored (C-7): the put
// script checks the generation in Redis.
func TestFlushOnOneReplicaDiscardsAnotherReplicasLoad(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	url := startRedis(t).URL()
	a, b := newReplica(t, url, clock, testTimeout), newReplica(t, url, clock, testTimeout)
	key := NewKey("prod", "A", []string{"t"})
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan string)
	go func() {
		v, _ := b.get(t, key, func(context.Context) (Loaded[string], error) {
			close(started)
			<-release
			return loaded("before flush", time.Minute), nil
		})
		done <- v
	}()
	<-started
	flush(t, a.cache, "prod")
	close(release)
	if v := <-done; v != "before flush" {
		t.Fatalf("the caller of the load: got %q; want its result", v)
	}
	for _, r := range []replica{a, b} {
		r.sync(t)
		if e, ok := peek(r.cache, key); ok {
			t.Fatalf("C-7 a load begun before another replica's flush: got %q stored; want nothing", e.Value)
		}
	}
	if got := b.cache.Stats().Discarded; got != 1 {
		t.Fatalf("Stats().Discarded: got %d; want 1", got)
	}
}

// TestRedisDownDecidesFresh: with Redis gone, nothing cached decides: every
// lookup is a fresh load, never stored, counted; the answer is what a fresh
// call says even where the cache held another. When Redis is back, caching
// resumes with no restart.
func TestRedisDownDecidesFresh(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := startRedis(t)
	a := newReplica(t, srv.URL(), clock, testTimeout)
	key := NewKey("prod", "A", []string{"t"})
	var calls atomic.Int64
	if v, st := a.get(t, key, countingLoader(&calls, "allow", time.Hour, nil)); v != "allow" || st != Miss {
		t.Fatalf("first: got %q, %v; want allow, miss", v, st)
	}
	if _, st := a.get(t, key, countingLoader(&calls, "allow", time.Hour, nil)); st != Hit {
		t.Fatalf("second: got %v; want hit", st)
	}
	srv.Stop()
	if err := a.redis.Ping(context.Background()); err == nil {
		t.Fatal("Ping with Redis stopped: got nil; want an error")
	}
	for i := range 3 {
		if v, st := a.get(t, key, countingLoader(&calls, "deny", time.Hour, nil)); v != "deny" || st != Unavailable {
			t.Fatalf("Redis down, request %d: got %q, %v; want the fresh call's deny, unavailable", i, v, st)
		}
	}
	if s := a.cache.Stats(); s.Fresh != 3 || s.StoreErrors+s.StoreTimeouts < 3 {
		t.Fatalf("Stats with Redis down: got %+v; want 3 fresh loads and a store failure each", s)
	}
	srv.Restart()
	if v, st := a.get(t, key, countingLoader(&calls, "allow again", time.Hour, nil)); v != "allow again" || st != Miss {
		t.Fatalf("Redis back: got %q, %v; want a load that is stored (miss)", v, st)
	}
	if v, st := a.get(t, key, countingLoader(&calls, "unused", time.Hour, nil)); v != "allow again" || st != Hit {
		t.Fatalf("Redis back, next request: got %q, %v; want the stored result, hit", v, st)
	}
}

// TestRedisSlowDecidesFresh: a Redis that does not answer within the
// timeout is as good as gone for that request; the timeout is counted.
func TestRedisSlowDecidesFresh(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	srv := startRedis(t)
	a := newReplica(t, srv.URL(), clock, 100*time.Millisecond)
	a.connected(t) // before the pause
	srv.Pause()
	key := NewKey("prod", "A", []string{"t"})
	var calls atomic.Int64
	v, st := a.get(t, key, countingLoader(&calls, "fresh", time.Hour, nil))
	srv.Resume()
	if v != "fresh" || st != Unavailable || calls.Load() != 1 {
		t.Fatalf("Redis paused: got %q, %v, %d loads; want the fresh call, unavailable, 1 load", v, st, calls.Load())
	}
	if got := a.cache.Stats().StoreTimeouts; got == 0 {
		t.Fatalf("Stats().StoreTimeouts: got 0; want the timeout counted")
	}
}

// TestDialRedis: what DialRedis accepts and refuses, and that it never
// repeats a password.
func TestDialRedis(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url string
	}{
		{"another scheme", "http://127.0.0.1:6379"},
		{"unparsable, with a password", "redis://user:s3cret@[::1"},
		{"a database that is not a number", "redis://:s3cret@127.0.0.1:6379/zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DialRedis(RedisOptions{URL: tt.url})
			if !errors.Is(err, ErrRedisURL) || strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("DialRedis(%q): got %v; want ErrRedisURL without the password", tt.url, err)
			}
		})
	}
}

// TestDialRedisUnreachableThenUp: apigw starts while Redis is down (fresh
// calls meanwhile) and caches once it is up.
func TestDialRedisUnreachableThenUp(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	srv.Stop()
	r, err := DialRedis(RedisOptions{URL: srv.URL(), Timeout: testTimeout})
	if !errors.Is(err, ErrUnreachable) || r == nil {
		t.Fatalf("DialRedis with Redis down: got %v, %v; want a client and ErrUnreachable", r, err)
	}
	t.Cleanup(r.Close)
	srv.Restart()
	if err := r.Ping(context.Background()); err != nil {
		t.Fatalf("Ping once Redis is up: %v", err)
	}
}

// TestRedisPassword: the password comes from the URL, or from
// RedisOptions.Password (APIGW_REDIS_PASSWORD) when the URL has none; a
// wrong one is an error of DialRedis, not an unreachable server.
func TestRedisPassword(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	admin := dialRedis(t, srv.URL(), testTimeout)
	c := admin.client
	if err := c.Do(context.Background(), c.B().ConfigSet().ParameterValue().ParameterValue("requirepass", "pw").Build()).Error(); err != nil {
		t.Fatal(err)
	}
	withPassword := strings.Replace(srv.URL(), "redis://", "redis://:pw@", 1)
	for _, o := range []RedisOptions{{URL: withPassword}, {URL: srv.URL(), Password: "pw"}} {
		r, err := DialRedis(o)
		if err != nil {
			t.Fatalf("DialRedis with the password: %v", err)
		}
		r.Close()
	}
	if r, err := DialRedis(RedisOptions{URL: srv.URL(), Password: "wrong"}); err == nil || errors.Is(err, ErrUnreachable) {
		if r != nil {
			r.Close()
		}
		t.Fatalf("DialRedis with a wrong password: got %v; want an error that is not ErrUnreachable", err)
	}
}

// TestDecodeByFormat: a replica reads another's record in the format it
// was written in; the same raw output in two formats decodes twice.
func TestDecodeByFormat(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	url := startRedis(t).URL()
	a, b := newReplica(t, url, clock, testTimeout), newReplica(t, url, clock, testTimeout)
	for _, format := range []string{"rest", "simple"} {
		key := NewKey("prod", format, []string{"t"})
		load := func(context.Context) (Loaded[string], error) {
			l := loaded("{}", time.Hour)
			l.Format = format
			return l, nil
		}
		a.get(t, key, load)
		if v, st := b.get(t, key, load); v != format+":{}" || st != Hit {
			t.Fatalf("format %s on B: got %q, %v; want %q, hit", format, v, st, format+":{}")
		}
	}
}
