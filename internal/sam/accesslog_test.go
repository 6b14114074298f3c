package sam

import (
	"strings"
	"testing"
)

const (
	accessFormat = `'{"requestId":"$context.requestId","status":"$context.status"}'`
	restBody     = `      Body:
        openapi: 3.0.1
        info: {title: t, version: '1'}
        paths:
          /x:
            get:
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations'}
`
)

// TestStageAccessLogSetting reads each spelling of a stage's access log
// setting into the API's AccessLog.
func TestStageAccessLogSetting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, api, wantWarn string
		want                      bool
	}{
		{name: "Serverless::Api AccessLogSetting", api: "Api", want: true, body: `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn, Format: ` + accessFormat + `}
`},
		{name: "Serverless::HttpApi AccessLogSettings", api: "H", want: true, body: `  H:
    Type: AWS::Serverless::HttpApi
    Properties:
      AccessLogSettings: {DestinationArn: !GetAtt Logs.Arn, Format: ` + accessFormat + `}
`},
		{name: "ApiGateway::Stage AccessLogSetting", api: "R", want: true, body: `  R:
    Type: AWS::ApiGateway::RestApi
    Properties:
` + restBody + `  S:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref R
      StageName: prod
      AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn, Format: ` + accessFormat + `}
`},
		{name: "Deployment StageDescription.AccessLogSetting", api: "R", want: true, body: `  R:
    Type: AWS::ApiGateway::RestApi
    Properties:
` + restBody + `  D:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref R
      StageName: prod
      StageDescription: {AccessLogSetting: {Format: ` + accessFormat + `}}
`},
		{name: "ApiGatewayV2::Stage AccessLogSettings", api: "V", want: true, body: `  V:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: v, ProtocolType: HTTP, Target: !GetAtt Fn.Arn}
  VS:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref V
      StageName: live
      AccessLogSettings: {Format: ` + accessFormat + `}
`},
		{name: "no Format: no access log", api: "Api", body: `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn}
`},
		{name: "a Format that does not resolve is ignored with a warning", api: "Api", wantWarn: "Format: not a string", body: `  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting: {Format: {not: a string}}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logs := "  Logs: {Type: AWS::Logs::LogGroup}\n"
			tpl, err := Load(writeTemplate(t, errHeader+tt.body+logs+errFn), Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, a := range tpl.APIs {
				if a.LogicalID != tt.api {
					continue
				}
				if got := a.AccessLog != nil && a.AccessLog.Format == strings.Trim(accessFormat, "'") && a.AccessLog.Source.Line > 0; got != tt.want {
					t.Fatalf("AccessLog = %+v; want set: %v", a.AccessLog, tt.want)
				}
				if tt.wantWarn != "" && !strings.Contains(strings.Join(tpl.Warnings, "\n"), tt.wantWarn) {
					t.Fatalf("warnings %q; want %q", tpl.Warnings, tt.wantWarn)
				}
				return
			}
			t.Fatalf("no API %s in %d", tt.api, len(tpl.APIs))
		})
	}
}
