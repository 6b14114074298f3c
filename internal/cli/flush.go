package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func init() { register("flush", runFlush) }

const (
	flushUsage = "usage: apigw flush [--admin URL] [--api ID] [--stage S]"
	// defaultAdminURL is the admin API of a start-api on the default
	// address (the gateway's port + 1).
	defaultAdminURL = "http://127.0.0.1:3001"
	flushTimeout    = 30 * time.Second
)

// runFlush flushes a stage's authorizer cache in a running apigw through
// its admin API (FlushStageAuthorizersCache). Exit 0 when flushed; 1 when
// the admin API answered with a server error (the flush may not have
// happened); 2 for usage errors, an unreachable admin API, or a request it
// refused (no such API or stage).
func runFlush(args []string, s Streams) int {
	fs := flag.NewFlagSet("flush", flag.ContinueOnError)
	fs.SetOutput(s.Stderr)
	adminURL := fs.String("admin", defaultAdminURL, "the admin API of the running apigw (start-api prints it: \"admin: http://...\")")
	apiID := fs.String("api", "", "the API's id or logical id (may be left out when the template has one API)")
	stage := fs.String("stage", "", "the stage (may be left out: the API's stage)")
	pos, status, ok := parseArgs(fs, args, flushUsage, s)
	if !ok {
		return status
	}
	if len(pos) > 0 {
		fmt.Fprintln(s.Stderr, flushUsage)
		return ExitUsage
	}
	n, status, err := flush(*adminURL, *apiID, *stage)
	if err != nil {
		fmt.Fprintln(s.Stderr, "apigw flush:", err)
		return status
	}
	fmt.Fprintf(s.Stdout, "flushed %d cache entries\n", n)
	return ExitOK
}

// errAdminURL: --admin is not an http(s) URL.
var errAdminURL = errors.New("--admin: want an http:// URL such as " + defaultAdminURL)

// flush POSTs /api/flush and returns the count flushed, or the exit
// status and error.
func flush(adminURL, apiID, stage string) (int, int, error) {
	u, err := url.Parse(strings.TrimSuffix(adminURL, "/") + "/api/flush")
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return 0, ExitUsage, errAdminURL
	}
	q := url.Values{}
	for k, v := range map[string]string{"api": apiID, "stage": stage} {
		if v != "" {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	c := http.Client{Timeout: flushTimeout}
	resp, err := c.Post(u.String(), "application/json", nil)
	if err != nil {
		return 0, ExitUsage, fmt.Errorf("cannot reach the admin API at %s (is apigw start-api running? its start banner prints the admin URL): %w", adminURL, err)
	}
	defer resp.Body.Close()
	return flushAnswer(resp)
}

// flushAnswer reads the admin API's answer: {"flushed":N}, or an error
// {"status":N,"message":"..."}.
func flushAnswer(resp *http.Response) (int, int, error) {
	var body struct {
		Flushed *int   `json:"flushed"`
		Message string `json:"message"`
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(b, &body)
	}
	switch {
	case resp.StatusCode >= 500:
		return 0, ExitError, fmt.Errorf("the admin API failed (%s): %s", resp.Status, body.Message)
	case resp.StatusCode != http.StatusOK:
		return 0, ExitUsage, fmt.Errorf("%s: %s", resp.Status, body.Message)
	case err != nil || body.Flushed == nil:
		return 0, ExitUsage, fmt.Errorf("not an apigw admin API (unexpected answer %.80q)", b)
	}
	return *body.Flushed, ExitOK, nil
}
