// Command gofn is a test function built on aws-lambda-go's lambda.Start and
// run unmodified by the pool. The event's "action" picks what it does.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	Action  string   `json:"action"`
	Ms      int      `json:"ms"`
	Message string   `json:"message"`
	PIDFile string   `json:"pidfile"`
	Names   []string `json:"names"`
	Bytes   int      `json:"bytes"`
	Text    string   `json:"text"`
}

type reply struct {
	PID       int               `json:"pid"`
	RequestID string            `json:"requestId,omitempty"`
	ARN       string            `json:"arn,omitempty"`
	Remaining int64             `json:"remainingMs,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	Padding   string            `json:"padding,omitempty"`
	Event     json.RawMessage   `json:"event,omitempty"`
}

func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var req request
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, err
	}
	r := reply{PID: os.Getpid()}
	switch req.Action {
	case "sleep":
		time.Sleep(time.Duration(req.Ms) * time.Millisecond)
	case "error":
		return nil, errors.New(req.Message)
	case "crash":
		os.Exit(2)
	case "spawn":
		return nil, spawnAndHang(req.PIDFile)
	case "env":
		r.Env = env(req.Names)
	case "context":
		lc, _ := lambdacontext.FromContext(ctx)
		deadline, _ := ctx.Deadline()
		r.RequestID, r.ARN, r.Remaining = lc.AwsRequestID, lc.InvokedFunctionArn, time.Until(deadline).Milliseconds()
	case "big":
		r.Padding = strings.Repeat("x", req.Bytes)
	case "print":
		fmt.Println(req.Text)
	case "echo":
		r.Event = raw
	}
	return r, nil
}

// spawnAndHang starts a child that would outlive a careless timeout, records
// its pid, and never returns.
func spawnAndHang(pidFile string) error {
	cmd := exec.Command("sleep", "1000")
	if err := cmd.Start(); err != nil {
		return err
	}
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)), 0o644); err != nil {
		return err
	}
	select {}
}

func env(names []string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		if v, ok := os.LookupEnv(n); ok {
			m[n] = v
		}
	}
	return m
}

func main() { lambda.Start(handle) }
