package cli

import (
	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/dashboard"
	"github.com/apigw/apigw/internal/gateway"
)

// recorder is the gateway's Recorder: the ring of records the admin API
// and the dashboard read; nil when there is none.
func (f *adminFlags) recorder() gateway.Recorder {
	if f.ring == nil {
		return nil
	}
	return f.ring
}

// withDashboard serves the dashboard page at the admin listener's root.
func withDashboard(cfg admin.Config) admin.Config {
	cfg.Dashboard = dashboard.Handler()
	return cfg
}
