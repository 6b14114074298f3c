// Command gofn is a test function built on aws-lambda-go's lambda.Start and
// run unmodified by the pool. The event's "action" picks what it does.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type request struct {
	Action  string   `json:"action"`
	Ms      int      `json:"ms"`
	Message string   `json:"message"`
	Detach  bool     `json:"detach"`
	Hang    bool     `json:"hang"`
	URL     string   `json:"url"`
	PID     int      `json:"pid"`
	Names   []string `json:"names"`
	Bytes   int      `json:"bytes"`
	Text    string   `json:"text"`
}

type reply struct {
	PID int `json:"pid"`
	// Stream is the log stream name, unique per process: its identity
	// whatever pid namespace it runs in.
	Stream    string            `json:"stream"`
	RequestID string            `json:"requestId,omitempty"`
	ARN       string            `json:"arn,omitempty"`
	Remaining int64             `json:"remainingMs,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	Padding   string            `json:"padding,omitempty"`
	Event     json.RawMessage   `json:"event,omitempty"`
	Status    int               `json:"status,omitempty"`
	Body      string            `json:"body,omitempty"`
	Seen      int               `json:"seen"`
	Signal    string            `json:"signal,omitempty"`
	// Writes: per file asked, "ok" or why writing it failed.
	Writes map[string]string `json:"writes,omitempty"`
}

func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var req request
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, err
	}
	r := reply{PID: os.Getpid(), Stream: os.Getenv("AWS_LAMBDA_LOG_STREAM_NAME")}
	switch req.Action {
	case "sleep":
		time.Sleep(time.Duration(req.Ms) * time.Millisecond)
	case "error":
		return nil, errors.New(req.Message)
	case "crash":
		os.Exit(2)
	case "killself":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	case "spawn":
		return r, spawn(req.Detach, req.Hang)
	case "poll":
		r.Status, r.Body = poll(req.URL)
	case "scan":
		r.Seen = processesOf(req.Message)
	case "signal":
		r.Signal = fmt.Sprint(syscall.Kill(req.PID, 0))
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
	case "write":
		r.Writes = write(req.Names, req.Text)
	}
	return r, nil
}

// spawn starts a child that would outlive a careless timeout (in its own
// session when detach, as Node's detached: true does), writing to the
// function's own stdout and stderr, and hangs if asked.
func spawn(detach, hang bool) error {
	cmd := exec.Command("sleep", "1000")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: detach}
	if err := cmd.Start(); err != nil {
		return err
	}
	if hang {
		select {}
	}
	return nil
}

// poll asks url (another function's Runtime API) for an invocation.
func poll(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// processesOf counts the processes this one can see whose environment
// names the function name.
func processesOf(name string) int {
	n := 0
	paths, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		for _, kv := range strings.Split(string(b), "\x00") {
			if kv == "AWS_LAMBDA_FUNCTION_NAME="+name {
				n++
			}
		}
	}
	return n
}

// write writes text to each named file (relative to the working folder
// or absolute).
func write(names []string, text string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = "ok"
		if err := os.WriteFile(n, []byte(text), 0o644); err != nil {
			m[n] = errors.Unwrap(err).Error()
		}
	}
	return m
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
