package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/apigw/apigw/internal/lambda"
)

// functionFlags are start-api's flags for function processes (issue 12):
// Lambda's init limit and the debugger.
type functionFlags struct {
	initTimeout time.Duration
	debug       lambda.Debug
}

func (f *functionFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.initTimeout, "init-timeout", lambda.DefaultInitTimeout,
		"how long a new function process may take to start and first ask for an event (Lambda's init limit)")
	fs.IntVar(&f.debug.Port, "debug-port", 0,
		"run one function under its debugger on 127.0.0.1:PORT (Node's inspector, Python's debugpy): one process, no timeouts")
	fs.StringVar(&f.debug.Function, "debug-function", "", "the function --debug-port debugs (logical id; needed when the template has several)")
}

// apply sets the function options the flags give.
func (f functionFlags) apply(o lambda.Options) (lambda.Options, error) {
	if f.initTimeout <= 0 {
		return o, fmt.Errorf("--init-timeout: want a positive duration, got %v", f.initTimeout)
	}
	o.InitTimeout, o.Debug = f.initTimeout, f.debug
	return o, nil
}
