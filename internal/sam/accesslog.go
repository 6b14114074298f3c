package sam

import (
	"github.com/apigw/apigw/internal/api"
	"go.yaml.in/yaml/v3"
)

// Stage access log property names: REST stages and SAM's Api spell it
// singular, HTTP API stages and SAM's HttpApi plural.
const (
	propAccessLogSetting  = "AccessLogSetting"
	propAccessLogSettings = "AccessLogSettings"
	propFormat            = "Format"
)

// accessLog reads the stage access log setting under key: nil when there
// is none, or no Format (AWS then logs nothing). A Format that does not
// resolve to a string is warned about and ignored: access logs change no
// response. DestinationArn is not read (often a !GetAtt of a log group).
func (l *loader) accessLog(f fields, key string) *api.AccessLog {
	s := f.sub(key)
	n := s.raw(propFormat)
	if n == nil {
		return nil
	}
	v, err := l.r.Resolve(n, s.at(propFormat))
	if err != nil || v == nil || v.Kind != yaml.ScalarNode {
		l.warnAt(s.at(propFormat), "not a string apigw can resolve: no access log for this stage")
		return nil
	}
	if v.Value == "" {
		return nil
	}
	return &api.AccessLog{Format: v.Value, Source: s.at(propFormat)}
}
