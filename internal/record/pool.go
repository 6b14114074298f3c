package record

// Pool is a snapshot of one function's processes, for the admin API, the
// dashboard and metrics. lambda fills it; readers get their own copy.
type Pool struct {
	Function    string `json:"function"` // logical id
	Runtime     string `json:"runtime"`
	Processes   int    `json:"processes"` // running, warm or busy
	Warm        int    `json:"warm"`      // idle, ready for an event
	Busy        int    `json:"busy"`      // handling an event
	Starting    int    `json:"starting"`  // in init
	Queued      int    `json:"queued"`    // requests waiting for a process
	ColdStarts  uint64 `json:"coldStarts"`
	Invocations uint64 `json:"invocations"`
	Errors      uint64 `json:"errors"` // invocations that failed (function error, timeout, crash)
	// MaxConcurrency is the pool's process limit.
	MaxConcurrency int `json:"maxConcurrency"`
}
