package authcache

import (
	"context"
	"sync"
	"time"
)

// lazyTimeout is a context that times out after timeout, whose timer is
// only made when someone waits on it. A client-side cache hit never waits,
// so it costs one small allocation instead of a timer (a third of a hit's
// time with context.WithTimeout). Its deadline counts from the first time
// the client asks for it, which is when it is about to wait.
type lazyTimeout struct {
	parent  context.Context
	timeout time.Duration
	once    sync.Once
	ctx     context.Context
	cancel  context.CancelFunc
}

func withLazyTimeout(parent context.Context, timeout time.Duration) *lazyTimeout {
	return &lazyTimeout{parent: parent, timeout: timeout}
}

func (l *lazyTimeout) start() {
	l.once.Do(func() { l.ctx, l.cancel = context.WithTimeout(l.parent, l.timeout) })
}

func (l *lazyTimeout) Deadline() (time.Time, bool) { l.start(); return l.ctx.Deadline() }
func (l *lazyTimeout) Done() <-chan struct{}       { l.start(); return l.ctx.Done() }
func (l *lazyTimeout) Err() error                  { l.start(); return l.ctx.Err() }
func (l *lazyTimeout) Value(key any) any           { return l.parent.Value(key) }

// stop releases the timer, if one was made; a context never waited on is
// canceled from then on without one.
func (l *lazyTimeout) stop() {
	l.once.Do(func() { l.ctx = canceled })
	if l.cancel != nil {
		l.cancel()
	}
}

var canceled = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()
