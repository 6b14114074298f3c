package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/apigw/apigw/internal/lambda"
)

// errNoStaticKeys: the profile exists but holds no aws_access_key_id and
// aws_secret_access_key (an SSO, assume-role or credential_process
// profile, which apigw leaves to the function's SDK).
var errNoStaticKeys = errors.New("no aws_access_key_id and aws_secret_access_key")

// errNoProfile: neither AWS file has the profile.
var errNoProfile = errors.New("not found in the AWS credentials or config file")

// awsProfile is what apigw reads of one profile of ~/.aws/credentials and
// ~/.aws/config.
type awsProfile struct {
	creds  lambda.Credentials
	region string
}

// Keys read from a profile.
const (
	keyAccessKeyID  = "aws_access_key_id"
	keySecretKey    = "aws_secret_access_key"
	keySessionToken = "aws_session_token"
	keyRegion       = "region"
)

// readProfile reads profile name from the AWS shared files (their
// locations from AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, as the
// SDKs do); credentials from the credentials file win over the config
// file's, the config file's region over the credentials file's.
func readProfile(name string) (awsProfile, error) {
	credFile := envOr("AWS_SHARED_CREDENTIALS_FILE", awsFile("credentials"))
	confFile := envOr("AWS_CONFIG_FILE", awsFile("config"))
	fromCreds, errCreds := readINISection(credFile, name)
	confSection := "profile " + name
	if name == "default" {
		confSection = name
	}
	fromConf, errConf := readINISection(confFile, confSection)
	if errCreds != nil && errConf != nil {
		return awsProfile{}, fmt.Errorf("profile %q: %w", name, errors.Join(errCreds, errConf))
	}
	merged := map[string]string{}
	maps.Copy(merged, fromConf)
	for k, v := range fromCreds {
		if k != keyRegion || merged[keyRegion] == "" {
			merged[k] = v
		}
	}
	return profileOf(name, merged)
}

func profileOf(name string, kv map[string]string) (awsProfile, error) {
	p := awsProfile{region: kv[keyRegion], creds: lambda.Credentials{
		AccessKeyID: kv[keyAccessKeyID], SecretAccessKey: kv[keySecretKey], SessionToken: kv[keySessionToken],
	}}
	if p.creds.AccessKeyID == "" || p.creds.SecretAccessKey == "" {
		return p, fmt.Errorf("profile %q: %w", name, errNoStaticKeys)
	}
	return p, nil
}

func awsFile(name string) string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".aws", name)
}

// readINISection reads one section of an AWS shared file.
func readINISection(path, section string) (map[string]string, error) {
	if path == "" {
		return nil, errNoProfile
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	kv, ok := parseINISection(data, section)
	if !ok {
		return nil, fmt.Errorf("%s: [%s] %w", path, section, errNoProfile)
	}
	return kv, nil
}

// parseINISection returns the keys of [section] in the AWS shared-file
// dialect: '#' and ';' start comments, "key = value", indented lines
// continue a nested key (skipped), a repeated section adds to the first.
func parseINISection(data []byte, section string) (map[string]string, bool) {
	kv, found, in := map[string]string{}, false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			name, _, _ := strings.Cut(line[1:], "]")
			in = strings.Join(strings.Fields(name), " ") == section
			found = found || in
		case in && raw[0] != ' ' && raw[0] != '\t':
			if k, v, ok := strings.Cut(line, "="); ok {
				kv[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
			}
		}
	}
	return kv, found
}

// resolveCredentials picks the credentials and region functions get:
// --profile's (missing is an error); else the caller's AWS_ACCESS_KEY_ID
// (left to lambda, zero here); else the profile named by AWS_PROFILE or
// "default"; else zero, and lambda gives SAM CLI's placeholders. A profile
// without static keys is named to the function (AWS_PROFILE) for its SDK
// to resolve. what says which, for the start notes.
func resolveCredentials(flagProfile string) (p awsProfile, what string, err error) {
	if flagProfile != "" {
		p, err = readProfile(flagProfile)
		if errors.Is(err, errNoStaticKeys) {
			return sdkResolved(p, flagProfile), "profile " + flagProfile + " (--profile) " + sdkResolves, nil
		}
		return p, "the credentials of profile " + flagProfile + " (--profile)", err
	}
	if lambda.HostCredentials().AccessKeyID != "" {
		return awsProfile{}, "the credentials of AWS_ACCESS_KEY_ID", nil
	}
	name := envOr("AWS_PROFILE", "default")
	p, err = readProfile(name)
	switch {
	case err == nil:
		return p, "the credentials of profile " + name, nil
	case errors.Is(err, errNoStaticKeys):
		return sdkResolved(p, name), "profile " + name + " " + sdkResolves, nil
	}
	return awsProfile{}, "placeholder credentials (AWS_ACCESS_KEY_ID=" + lambda.PlaceholderCredentials.AccessKeyID +
		"), as SAM CLI gives: none in the environment or profile " + name, nil
}

// sdkResolves ends the note for a profile without static keys.
const sdkResolves = "as AWS_PROFILE: it has no static keys (SSO, role or credential_process), the function's SDK resolves it"

func sdkResolved(p awsProfile, name string) awsProfile {
	return awsProfile{region: p.region, creds: lambda.Credentials{Profile: name}}
}
