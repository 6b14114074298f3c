package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/accesslog"
	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/gateway"
	"github.com/apigw/apigw/internal/metrics"
	"github.com/apigw/apigw/internal/record"
)

// defaultAccessLogFormat is the format of --access-log without any other:
// the AWS console's CLF example.
const defaultAccessLogFormat = `$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] ` +
	`"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId`

// recordFlags choose what apigw keeps and writes of each request, and
// hold what serve built from them (observed) for the rest of the wiring.
type recordFlags struct {
	history         int
	accessLog       string
	accessLogFormat string
	// observed is set by serve once the template is loaded.
	observed *observers
}

func (o *recordFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&o.history, "history", record.DefaultHistory, "requests kept for the admin API and dashboard (0: none kept; the live stream still runs)")
	fs.StringVar(&o.accessLog, "access-log", "",
		"append API Gateway access logs to FILE (default: stdout, for APIs whose stage has an AccessLogSetting.Format or with --access-log-format)")
	fs.StringVar(&o.accessLogFormat, "access-log-format", "", "access log format with $context variables for every API, replacing the stages' (e.g. '$context.requestId $context.status')")
}

// errRecordFlag: a bad --history, --access-log or --access-log-format.
var errRecordFlag = errors.New("bad request record flag")

// observers read each request's record: the history ring (also the live
// stream), metrics and access logs. The admin listener's wiring reads
// Ring and Metrics.
type observers struct {
	Ring    *record.Ring
	Metrics *metrics.Metrics
	// access is nil when no API has an access log format. Its file, with
	// --access-log, stays open as long as the process.
	access *accesslog.Log
	// pools are the function pools metrics read, nil for in-process
	// functions; hot reload points them at each new version's (reload.go).
	pools *livePools
}

// newObservers builds them for tpl; metrics read pools when scraped (nil:
// none); warn receives what a stage's access log format gets wrong (the
// stage then logs nothing).
func newObservers(tpl *api.Template, o recordFlags, accountID string, pools metrics.Pools, stdout io.Writer, warn func(string)) (*observers, error) {
	if o.history < 0 {
		return nil, fmt.Errorf("%w: --history %d: want 0 or more", errRecordFlag, o.history)
	}
	obs := &observers{Ring: record.NewRing(o.history), Metrics: metrics.New(metrics.Sources{Pools: pools})}
	obs.pools, _ = pools.(*livePools)
	cfg, err := accessLogConfig(tpl, o, accountID, warn)
	if err != nil || (cfg.Override == nil && len(cfg.ByAPI) == 0) {
		return obs, err
	}
	w := stdout
	if o.accessLog != "" {
		f, err := os.OpenFile(o.accessLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("%w: --access-log: %w", errRecordFlag, err)
		}
		w = f
	}
	obs.access = accesslog.New(w, cfg)
	return obs, nil
}

// accessLogConfig compiles --access-log-format, else each stage's format;
// --access-log alone logs every API in the CLF format.
func accessLogConfig(tpl *api.Template, o recordFlags, accountID string, warn func(string)) (accesslog.Config, error) {
	cfg := accesslog.Config{AccountID: accountID, ByAPI: map[string]*accesslog.Format{}}
	format := o.accessLogFormat
	if format == "" && o.accessLog != "" && !slices.ContainsFunc(tpl.APIs, func(a *api.API) bool { return a.AccessLog != nil }) {
		format = defaultAccessLogFormat
	}
	if format != "" {
		f, err := accesslog.Compile(format)
		if err != nil {
			return cfg, fmt.Errorf("%w: --access-log-format: %w", errRecordFlag, err)
		}
		warnUnknown(f, "--access-log-format", warn)
		cfg.Override = f
		return cfg, nil
	}
	for _, a := range tpl.APIs {
		if a.AccessLog == nil {
			continue
		}
		f, err := accesslog.Compile(a.AccessLog.Format)
		if err != nil {
			warn(fmt.Sprintf("%s: %v: no access log for API %s", a.AccessLog.Source, err, a.LogicalID))
			continue
		}
		warnUnknown(f, a.AccessLog.Source.String(), warn)
		cfg.ByAPI[a.LogicalID] = f
	}
	return cfg, nil
}

func warnUnknown(f *accesslog.Format, where string, warn func(string)) {
	if u := f.Unknown(); len(u) > 0 {
		warn(where + ": access log variables API Gateway does not define render '-': " + strings.Join(u, ", "))
	}
}

// poolsOf is what metrics read of fns's function pools: the Lambda
// runner's (of the version serving, after a hot reload); nil for
// in-process functions.
func poolsOf(fns functionSource) metrics.Pools {
	if rf, ok := fns.(runnerFunctions); ok && rf.r != nil {
		lp := &livePools{}
		lp.r.Store(rf.r)
		return lp
	}
	return nil
}

// recorder is what the gateway hands each record to: every observer.
func (o *recordFlags) recorder() gateway.Recorder {
	if o.observed == nil {
		return nil
	}
	r := recorders{o.observed.Ring, o.observed.Metrics}
	if o.observed.access != nil {
		r = append(r, o.observed.access)
	}
	return r
}

// recorders hands a record to each in turn.
type recorders []gateway.Recorder

func (rs recorders) Add(r *record.Record) {
	for _, x := range rs {
		x.Add(r)
	}
}
