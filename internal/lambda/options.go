package lambda

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/apigw/apigw/internal/api"
)

// Defaults for Options fields left zero.
const (
	DefaultIdleTimeout  = 5 * time.Minute
	DefaultQueueTimeout = 30 * time.Second
	// DefaultInitTimeout is Lambda's limit for the init phase.
	DefaultInitTimeout = 10 * time.Second
	DefaultRegion      = api.DefaultRegion
	DefaultAccountID   = api.DefaultAccountID
	// DefaultOutputFlush bounds how long an END line waits for output the
	// process wrote before it answered.
	DefaultOutputFlush = 20 * time.Millisecond
)

// Options configure a Runner. The zero value uses the defaults above.
type Options struct {
	// MaxConcurrency caps the live processes of each function.
	MaxConcurrency int
	// IdleTimeout stops a process idle this long.
	IdleTimeout time.Duration
	// QueueTimeout bounds how long Invoke waits for a free process.
	QueueTimeout time.Duration
	// InitTimeout bounds how long a new process may take to first poll.
	InitTimeout time.Duration
	// Region and AccountID go into ARNs and the environment.
	Region, AccountID string
	// Log receives function output and START/END/REPORT lines; nil drops them.
	Log io.Writer
	// Env holds extra variables by function logical id (the template's and
	// --env-vars, merged by the caller); they override the function's own.
	Env map[string]map[string]string
	// CacheDir holds bootstraps and Go builds; default <user cache>/apigw.
	CacheDir string
	// OutputFlush bounds the wait for a process's output before its END
	// line (a process that never stops writing must not stall the next
	// invocation).
	OutputFlush time.Duration
	// Credentials are the AWS credentials every function gets; the zero
	// value means the caller's (HostCredentials), else
	// PlaceholderCredentials.
	Credentials Credentials
	// Sandbox is how each function process is started and isolated; see
	// DetectSandbox. The zero value starts each as apigw's own child.
	Sandbox Sandbox
	// Debug runs one function under its runtime's debugger.
	Debug Debug
}

func (o Options) withDefaults() Options {
	if o.MaxConcurrency <= 0 {
		o.MaxConcurrency = DefaultMaxConcurrency()
	}
	o.IdleTimeout = orDuration(o.IdleTimeout, DefaultIdleTimeout)
	o.QueueTimeout = orDuration(o.QueueTimeout, DefaultQueueTimeout)
	o.InitTimeout = orDuration(o.InitTimeout, DefaultInitTimeout)
	o.OutputFlush = orDuration(o.OutputFlush, DefaultOutputFlush)
	o.Region = orString(o.Region, DefaultRegion)
	o.AccountID = orString(o.AccountID, DefaultAccountID)
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.CacheDir == "" {
		o.CacheDir = defaultCacheDir()
	}
	return o
}

// DefaultMaxConcurrency is the process limit of each function when none is
// given: the cores Go may use (GOMAXPROCS), at least 2. A process serves
// one invocation at a time and a busy one keeps a core busy, so beyond the
// cores more processes only take turns: on 2 cores, 10 processes of a warm
// Node function served fewer requests than 1 (issue 15). Handlers that
// mostly wait on the network can use more: --max-concurrency.
func DefaultMaxConcurrency() int {
	return max(2, runtime.GOMAXPROCS(0))
}

func defaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "apigw")
	}
	return filepath.Join(os.TempDir(), "apigw-cache")
}

func orDuration(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
