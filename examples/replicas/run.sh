#!/usr/bin/env bash
# Two apigw replicas on the seed example, sharing one Redis as their
# authorizer cache, behind nginx round-robin. Ctrl-C stops everything.
#
# Usage: examples/replicas/run.sh [PATH/TO/apigw]
# Ports (env): REDIS_PORT (6380), REPLICA_PORTS ("3001 3002"), PROXY_PORT (8080).
# Needs redis-server and nginx (Debian: apt-get install redis-server nginx-light).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
apigw=${1:-$here/../../bin/apigw}
redis_port=${REDIS_PORT:-6380}
read -r -a replica_ports <<<"${REPLICA_PORTS:-3001 3002}"
proxy_port=${PROXY_PORT:-8080}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
for tool in redis-server "$nginx" "$apigw"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# wait_port PORT: until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "run.sh: nothing listens on port $1" >&2
  exit 1
}

# prefixed NAME CMD...: runs CMD with its output prefixed by [NAME].
prefixed() {
  local name=$1
  shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
}

prefixed redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no --logfile ''
wait_port "$redis_port"

upstreams=""
for i in "${!replica_ports[@]}"; do
  port=${replica_ports[$i]}
  # Each replica's admin API on a free port (each prints "admin: URL"): the default, the
  # gateway's port + 1, would be the next replica's port.
  prefixed "replica-$i" "$apigw" start-api "$here/../seed/template.yaml" --addr "127.0.0.1:$port" \
    --auth-cache "redis://127.0.0.1:$redis_port/0" --admin-addr 127.0.0.1:0
  upstreams+="    server 127.0.0.1:$port;"$'\n'
done
for port in "${replica_ports[@]}"; do wait_port "$port"; done

mkdir -p "$work/nginx" && chmod 755 "$work" && chmod 777 "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log stderr warn;
$( [ "$(id -u)" = 0 ] && echo "user nobody nogroup;" )
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream apigw {
$upstreams  }
  server {
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass http://apigw;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
prefixed nginx "$nginx" -e stderr -p "$work" -c "$work/nginx.conf" -g 'daemon off;'
wait_port "$proxy_port"

cat <<MSG
replicas ready on http://127.0.0.1:$proxy_port (nginx round-robin over ${replica_ports[*]}, cache in Redis on $redis_port)
  curl -i -H 'Authorization: allow' http://127.0.0.1:$proxy_port/exact/pets    # 200: one authorizer call
  curl -i -H 'Authorization: allow' http://127.0.0.1:$proxy_port/exact/users   # 403 from the cached policy, on either replica
MSG
wait
