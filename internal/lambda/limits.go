package lambda

import "time"

// limits are a pool's bounds: the Options', or none worth the name for a
// function being debugged.
type limits struct {
	maxConcurrency int
	initTimeout    time.Duration
	queueTimeout   time.Duration
}

func limitsOf(o Options) limits {
	return limits{maxConcurrency: o.MaxConcurrency, initTimeout: o.InitTimeout, queueTimeout: o.QueueTimeout}
}

// noLimit stands for "no timeout" where a duration is needed: a function
// paused in a debugger must not be killed (a day is longer than anyone
// stays at a breakpoint, and still a valid deadline for the runtime).
const noLimit = 24 * time.Hour

// debugLimits are the function timeout and limits of the function being
// debugged: one process, and no timeouts while it is paused.
func debugLimits() (time.Duration, limits) {
	return noLimit, limits{maxConcurrency: 1, initTimeout: noLimit, queueTimeout: noLimit}
}
