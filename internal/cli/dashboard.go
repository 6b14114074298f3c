package cli

import (
	"github.com/apigw/apigw/internal/admin"
	"github.com/apigw/apigw/internal/dashboard"
)

// withDashboard serves the dashboard page at the admin listener's root.
func withDashboard(cfg admin.Config) admin.Config {
	cfg.Dashboard = dashboard.Handler()
	return cfg
}
