#!/usr/bin/env bash
# Start the local PostgreSQL the tests use, if it is installed here but not running.
# Where none is installed, nothing happens: the tests then skip PostgreSQL, except
# under CI (CI=true), where they fail and say why.
set -u
if command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
      echo "starting PostgreSQL $version/$cluster"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
    fi
  done
fi
exit 0
