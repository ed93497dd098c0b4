#!/usr/bin/env bash
# Start the local PostgreSQL and Redis the tests use, if installed here but not running.
# Where one is not installed, nothing happens: the tests then skip it, except under CI
# (CI=true), where they fail and say why.
set -u
if command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
      echo "starting PostgreSQL $version/$cluster"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
    fi
  done
fi
# Redis at 127.0.0.1:6379, as a cache only: it keeps nothing on disk.
if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting Redis"
    mkdir -p /var/lib/redis 2>/dev/null || true
    redis_dir=/var/lib/redis
    [ -w "$redis_dir" ] || redis_dir=$(mktemp -d)
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir "$redis_dir" --logfile "$redis_dir/redis.log" || true
  fi
fi
exit 0
