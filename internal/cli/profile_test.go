package cli

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/lambda"
)

const credentialsFile = `# a comment
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = defaultsecretkey

[dev]
aws_access_key_id=AKIADEV
AWS_SECRET_ACCESS_KEY = devsecret ; not a comment in values? kept as written
aws_session_token = devtoken
s3 =
    max_concurrent_requests = 20
region = ap-south-1

[sso]
`

const configFile = `[default]
region = eu-central-1
[profile dev]
region = us-west-2
[profile sso]
sso_session = corp
sso_account_id = 111122223333
region = eu-north-1
[profile   spaced  ]
aws_access_key_id = AKIASPACED
aws_secret_access_key = s
`

// TestReadProfile: credentials from ~/.aws/credentials, region from
// ~/.aws/config ([profile NAME], [default]), as the AWS SDKs read them.
func TestReadProfile(t *testing.T) {
	isolateAWS(t, credentialsFile, configFile)
	tests := []struct {
		name    string
		profile string
		want    awsProfile
		err     error
	}{
		{"default", "default", awsProfile{lambda.Credentials{AccessKeyID: "AKIADEFAULT", SecretAccessKey: "defaultsecretkey"}, "eu-central-1"}, nil},
		{"config's region wins; nested keys skipped; names case-insensitive", "dev",
			awsProfile{lambda.Credentials{AccessKeyID: "AKIADEV", SecretAccessKey: "devsecret ; not a comment in values? kept as written", SessionToken: "devtoken"}, "us-west-2"}, nil},
		{"keys in the config file; spaces in the header", "spaced", awsProfile{lambda.Credentials{AccessKeyID: "AKIASPACED", SecretAccessKey: "s"}, ""}, nil},
		{"SSO profile: no static keys", "sso", awsProfile{region: "eu-north-1"}, errNoStaticKeys},
		{"unknown profile", "nope", awsProfile{}, errNoProfile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readProfile(tt.profile)
			if !errors.Is(err, tt.err) || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("readProfile(%q) = %+v, %v; want %+v, %v", tt.profile, got, err, tt.want, tt.err)
			}
		})
	}
}

// TestResolveCredentials: --profile, else the caller's variables, else
// AWS_PROFILE or default from the files, else SAM CLI's placeholders.
func TestResolveCredentials(t *testing.T) {
	tests := []struct {
		name             string
		credentials, env string // env: "K=V K=V"
		flag             string
		wantKey          string // "" when left to lambda
		wantProfile      string
		wantWhat         string
		wantErr          error
	}{
		{"--profile beats the caller's variables", credentialsFile, "AWS_ACCESS_KEY_ID=AKIAENV AWS_SECRET_ACCESS_KEY=x", "dev", "AKIADEV", "", "profile dev (--profile)", nil},
		{"--profile without keys: the SDK resolves it", credentialsFile, "", "sso", "", "sso", "function's SDK resolves it", nil},
		{"--profile missing is an error", "", "", "dev", "", "", "", fs.ErrNotExist},
		{"the caller's variables", credentialsFile, "AWS_ACCESS_KEY_ID=AKIAENV AWS_SECRET_ACCESS_KEY=x", "", "", "", "AWS_ACCESS_KEY_ID", nil},
		{"AWS_PROFILE", credentialsFile, "AWS_PROFILE=dev", "", "AKIADEV", "", "profile dev", nil},
		{"AWS_PROFILE without keys: the SDK resolves it", credentialsFile, "AWS_PROFILE=sso", "", "", "sso", "function's SDK resolves it", nil},
		{"the default profile", credentialsFile, "", "", "AKIADEFAULT", "", "profile default", nil},
		{"nothing: placeholders", "", "", "", "", "", "placeholder credentials", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t, tt.credentials, "")
			for _, kv := range strings.Fields(tt.env) {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			p, what, err := resolveCredentials(tt.flag)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v; want %v", err, tt.wantErr)
			}
			if err == nil && (p.creds.AccessKeyID != tt.wantKey || p.creds.Profile != tt.wantProfile || !strings.Contains(what, tt.wantWhat)) {
				t.Fatalf("got %+v from %q; want key %q, profile %q from %q", p.creds, what, tt.wantKey, tt.wantProfile, tt.wantWhat)
			}
		})
	}
}

// TestProfileRegion: --profile's region applies unless --region or
// AWS_REGION is given.
func TestProfileRegion(t *testing.T) {
	isolateAWS(t, credentialsFile, configFile)
	for _, tt := range []struct {
		name, awsRegion string
		args            []string
		want            string
	}{
		{"profile's", "", []string{"--profile", "dev"}, "us-west-2"},
		{"AWS_REGION's", "sa-east-1", []string{"--profile", "dev"}, "sa-east-1"},
		{"--region's", "sa-east-1", []string{"--profile", "dev", "--region", "me-south-1"}, "me-south-1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_REGION", tt.awsRegion)
			f, _, err := parseStartAPI(t, tt.args...)
			if err != nil || f.region != tt.want || f.creds.AccessKeyID != "AKIADEV" {
				t.Fatalf("region %q, key %q, %v; want %q, AKIADEV", f.region, f.creds.AccessKeyID, err, tt.want)
			}
		})
	}
}

// TestApplyShellEnv: SAM CLI's precedence for declared variables:
// template < the caller's shell < --env-vars; undeclared ones stay out.
func TestApplyShellEnv(t *testing.T) {
	t.Parallel()
	tpl := &api.Template{Functions: map[string]*api.Function{
		"Fn":    {Environment: map[string]string{"TABLE": "t", "MODE": "m", "LEVEL": "l", "KEEP": "k"}},
		"Other": {Environment: map[string]string{"MODE": "m"}},
	}}
	shell := map[string]string{"TABLE": "shell", "MODE": "shell", "LEVEL": "shell", "UNDECLARED": "x"}
	envVars := map[string]map[string]string{"Fn": {"MODE": "file"}, envVarsAll: {"LEVEL": "all"}}
	applyShellEnv(tpl, envVars, func(k string) (string, bool) { v, ok := shell[k]; return v, ok })
	// The loader applied --env-vars already; shell values fill the rest.
	want := map[string]map[string]string{
		"Fn":    {"TABLE": "shell", "MODE": "m", "LEVEL": "l", "KEEP": "k"},
		"Other": {"MODE": "shell"},
	}
	for id, fn := range tpl.Functions {
		if !reflect.DeepEqual(fn.Environment, want[id]) {
			t.Errorf("%s: %v; want %v", id, fn.Environment, want[id])
		}
	}
}

// FuzzParseINISection: any input parses without panic; keys are trimmed
// and lower case.
func FuzzParseINISection(f *testing.F) {
	f.Add([]byte(credentialsFile), "dev")
	f.Add([]byte(configFile), "profile sso")
	f.Add([]byte("[\n]x=\n\t=\n[a]]\nk"), "a")
	f.Fuzz(func(t *testing.T, data []byte, section string) {
		kv, _ := parseINISection(data, section)
		for k := range kv {
			if k != strings.ToLower(strings.TrimSpace(k)) {
				t.Fatalf("key %q not normalised", k)
			}
		}
	})
}
