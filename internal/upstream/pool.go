package upstream

import (
	"sync"
	"time"
)

// pool holds idle connections per host:port, newest last (LIFO: the
// connection most likely still open on the backend is used first). The
// pool owns the connections it holds; get hands one over to its caller.
type pool struct {
	mu      sync.Mutex
	idle    map[string][]*conn
	perHost int           // most idle connections kept per host
	ttl     time.Duration // idle longer than this are closed; 0: no limit
	sweepAt time.Duration // when every host is next trimmed (monoNow)
}

// monoBase anchors monoNow.
var monoBase = time.Now()

// monoNow is the monotonic clock as the time since monoBase: one clock
// reading where time.Now takes two (wall and monotonic); the pool and
// the exchange deadlines need only the monotonic one.
func monoNow() time.Duration { return time.Since(monoBase) }

// get returns the newest idle connection for key that is still usable,
// or nil, at now (monoNow). Connections idle longer than ttl, and any
// found closed, are closed.
func (p *pool) get(key string, now time.Duration) *conn {
	for {
		cn, expired := p.pop(key, now)
		closeAll(expired)
		if cn == nil || cn.alive() {
			return cn
		}
		cn.close()
	}
}

// pop removes and returns the newest connection for key, with the ones
// that expired, which the caller must close: key's, and once per ttl
// every host's (so that hosts no longer asked for do not keep theirs).
func (p *pool) pop(key string, now time.Duration) (*conn, []*conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var expired []*conn
	if p.ttl > 0 && now >= p.sweepAt {
		p.sweepAt = now + p.ttl
		for k := range p.idle {
			if expired = p.trim(expired, k, now); len(p.idle[k]) == 0 {
				delete(p.idle, k) // a host not asked for lately
			}
		}
	} else {
		expired = p.trim(expired, key, now)
	}
	conns := p.idle[key]
	if len(conns) == 0 {
		return nil, expired
	}
	cn := conns[len(conns)-1]
	conns[len(conns)-1] = nil
	p.idle[key] = conns[:len(conns)-1]
	return cn, expired
}

// trim moves key's connections idle over ttl (the oldest, at the front)
// to expired.
func (p *pool) trim(expired []*conn, key string, now time.Duration) []*conn {
	conns := p.idle[key]
	n := 0
	for n < len(conns) && p.ttl > 0 && now-conns[n].idleAt > p.ttl {
		n++
	}
	if n == 0 {
		return expired
	}
	expired = append(expired, conns[:n]...)
	rest := copy(conns, conns[n:])
	clear(conns[rest:])
	p.idle[key] = conns[:rest]
	return expired
}

// put keeps cn for reuse, or closes it when its host already has perHost
// idle connections or cn cannot be reused.
func (p *pool) put(cn *conn) {
	if !cn.idle(monoNow()) {
		cn.close()
		return
	}
	p.mu.Lock()
	conns := p.idle[cn.key]
	kept := len(conns) < p.perHost
	if kept {
		p.idle[cn.key] = append(conns, cn)
	}
	p.mu.Unlock()
	if !kept {
		cn.close()
	}
}

// closeIdle closes every idle connection.
func (p *pool) closeIdle() {
	p.mu.Lock()
	all := p.idle
	p.idle = make(map[string][]*conn)
	p.mu.Unlock()
	for _, conns := range all {
		closeAll(conns)
	}
}

func closeAll(conns []*conn) {
	for _, cn := range conns {
		cn.close()
	}
}
