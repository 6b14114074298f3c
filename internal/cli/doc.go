// Package cli holds apigw's subcommands (one file each) and is the only
// package that wires concrete parts together: loaders, the Lambda runner,
// the authorizer cache and the gateway.
//
// Invariants: every command returns an exit status instead of calling
// os.Exit; 2 means usage or template errors (DESIGN section 1).
package cli
