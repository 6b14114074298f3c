package lambda

import (
	"net/netip"

	"github.com/apigw/apigw/internal/runtimeapi"
)

// gate admits a Runtime API connection only from the process's own tree:
// the client's socket must be held by the process apigw started or one of
// its descendants (the function under a sandbox init). The first admitted
// client under an init names the runtime whose memory REPORT lines give.
// Refusals are logged.
func (p *process) gate(log fnLog) runtimeapi.Gate {
	return func(local, remote netip.AddrPort) error {
		_, top, err := connectionHolder(p.pid, local, remote)
		if err != nil {
			log.line("refused a Runtime API connection from %s: %v", remote, err)
			return err
		}
		if len(p.sandbox.Init) > 0 && top != p.pid {
			p.runtime.CompareAndSwap(0, int64(top))
		}
		return nil
	}
}
