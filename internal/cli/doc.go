// Package cli holds apigw's subcommands (one file each) and is the only
// package that wires concrete parts together: loaders, the Lambda runner,
// the authorizer cache and the gateway.
//
// Invariants: every command returns an exit status instead of calling
// os.Exit; 2 means usage or template errors (DESIGN section 1), -h/--help
// prints usage on stdout and exits 0 (parseArgs), and 130 means a second
// signal cut start-api's drain short. Flags are finished in one order:
// the command line, then samconfig.toml for flags not given there, then
// --profile (templateFlags.finish).
// start-api and validate refuse a template that declares no route
// (noroute.go); otherwise they serve what can be served, mark the rest in
// the route table and summarise it, and --strict refuses it (partial.go).
// No process pool is set up for a function with a Gap.
// start-api serves the admin API on a second listener, never the
// gateway's port (admin.go); --clock manual gives the authorizer caches,
// policy conditions and JWT checks one test clock (serveFlags.now).
package cli
