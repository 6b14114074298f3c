package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// startSLS runs serverless-offline 13 (serverless v3) on the same Node
// handlers apigw runs: the TOKEN authorizer (TTL 300 s) in front of the
// function, in its default mode or with --useInProcess.
func (f *fleet) startSLS(c config, inProcess bool) error {
	node, err := lookTool("node")
	if err != nil {
		return err
	}
	cli := filepath.Join(c.sls, "node_modules", "serverless", "bin", "serverless.js")
	if _, err := os.Stat(cli); err != nil {
		return fmt.Errorf("%s missing: install serverless@3 and serverless-offline@13 into -sls (../shared/bench/peers/00-install.sh)", cli)
	}
	dir, port, err := writeService(c, inProcess)
	if err != nil {
		return err
	}
	args := []string{cli, "offline"}
	name := rowSLS
	if inProcess {
		args, name = append(args, "--useInProcess"), rowSLSInProc
	}
	cmd := c.pinned(node, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), slsEnv...)
	url := "http://127.0.0.1:" + port + "/dev/pets"
	p, err := startPolled(c, cmd, url, authorizeAllow)
	if err != nil {
		return err
	}
	f.procs = append(f.procs, p)
	f.add(name, url, authorizeAllow)
	return nil
}

// slsEnv keeps serverless v3 quiet and off the network.
var slsEnv = []string{"SLS_TELEMETRY_DISABLED=1", "SLS_NOTIFICATIONS_MODE=off", "SLS_DEPRECATION_DISABLE=*", "CI=1"}

// writeService writes a service directory (handlers, serverless.yml on
// free ports, node_modules linked to -sls) and returns it and its port.
func writeService(c config, inProcess bool) (string, string, error) {
	dir := filepath.Join(c.work, fmt.Sprintf("sls-%t", inProcess))
	if err := writeHandler(dir); err != nil {
		return "", "", err
	}
	port := freePort()
	yml := fmt.Sprintf(serverlessYML, port, freePort())
	err := errors.Join(os.WriteFile(filepath.Join(dir, "serverless.yml"), []byte(yml), 0o644),
		os.Symlink(filepath.Join(c.sls, "node_modules"), filepath.Join(dir, "node_modules")))
	return dir, port, err
}

// serverlessYML: %[1]s the HTTP port, %[2]s the Lambda port.
const serverlessYML = `service: apigwbench
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  region: us-east-1
  stage: dev
functions:
  auth:
    handler: handler.auth
  api:
    handler: handler.api
    events:
      - http:
          path: /{proxy+}
          method: ANY
          integration: lambda-proxy
          authorizer:
            name: auth
            type: TOKEN
            resultTtlInSeconds: 300
            identitySource: method.request.header.Authorization
plugins:
  - serverless-offline
custom:
  serverless-offline:
    host: 127.0.0.1
    httpPort: %[1]s
    lambdaPort: %[2]s
    noSponsor: true
`
