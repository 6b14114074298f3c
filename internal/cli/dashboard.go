package cli

import (
	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/dashboard"
)

// withDashboard serves the dashboard page at the admin listener's root,
// and has the admin API read the history ring the gateway records into
// (--history), when there is one.
func withDashboard(cfg admin.Config, f serveFlags) admin.Config {
	cfg.Dashboard = dashboard.Handler()
	if f.observed != nil {
		cfg.Records = f.observed.Ring
	}
	return cfg
}
