package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// startNginx runs nginx with auth_request to the harness's auth service,
// whose answers it caches per Authorization header for 300 s (a TOKEN
// authorizer's cache), in front of backend: one worker, keep-alive
// upstream connections. With logged it writes nginx's default access log
// (the combined format, a write per request) into its prefix directory,
// as row; without, access_log is off.
func (f *fleet) startNginx(c config, backend, row string, logged bool) error {
	bin, err := lookTool(c.nginx)
	if err != nil {
		return err
	}
	auth, err := f.harnessServer(c, serveAuth, "")
	if err != nil {
		return err
	}
	dir, accessLog := filepath.Join(c.work, "nginx"), "access_log off;"
	if logged {
		dir += "-logged"
		accessLog = "access_log " + filepath.Join(dir, "access.log") + " combined;"
	}
	if err := os.MkdirAll(filepath.Join(dir, "cache"), 0o777); err != nil {
		return err
	}
	_ = os.Chmod(filepath.Join(dir, "cache"), 0o777) // the worker may run as another user
	port := freePort()
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(nginxConf, dir, port, backend, auth, accessLog)), 0o644); err != nil {
		return err
	}
	url := "http://127.0.0.1:" + port + "/pets"
	p, err := startPolled(c, c.pinned(bin, "-p", dir+"/", "-c", conf, "-g", "daemon off;"), url, authorizeAllow)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return fmt.Errorf("%w; error.log: %s", err, lastLines(string(log), 3))
	}
	f.procs = append(f.procs, p)
	f.add(row, url, authorizeAllow).backend = f.backend
	return nil
}

// nginxConf: %[1]s the prefix directory, %[2]s the port, %[3]s the
// backend, %[4]s the auth service, %[5]s the access_log directive.
const nginxConf = `worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 4096; }
http {
  %[5]s
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  upstream backend { server %[3]s; keepalive 64; }
  upstream authsvc { server %[4]s; keepalive 64; }
  proxy_cache_path %[1]s/cache levels=1 keys_zone=authz:10m max_size=64m inactive=10m;
  server {
    listen 127.0.0.1:%[2]s reuseport backlog=4096;
    location / {
      auth_request /_auth;
      auth_request_set $principal $upstream_http_x_principal_id;
      proxy_set_header X-Principal-Id $principal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://backend;
    }
    location = /_auth {
      internal;
      proxy_cache authz;
      proxy_cache_key $http_authorization;
      proxy_cache_valid 200 401 403 300s;
      proxy_cache_methods GET HEAD;
      proxy_pass http://authsvc/auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Original-Method $request_method;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`
