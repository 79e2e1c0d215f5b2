#!/usr/bin/env bash
# Runs every test: installs and starts PostgreSQL on 127.0.0.1 when it can (root, or sudo), so the data
# tests run on SQLite and on PostgreSQL; without it they run on SQLite only and say so.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${QINGLING_TEST_POSTGRES:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    QINGLING_TEST_POSTGRES=$(.ci/postgres)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    QINGLING_TEST_POSTGRES=$(sudo .ci/postgres)
  else
    echo "注意：无 root 权限，无法安装并启动 PostgreSQL，本次只在 SQLite 上运行数据测试。" >&2
  fi
fi
if [ -n "${QINGLING_TEST_POSTGRES:-}" ]; then
  export QINGLING_TEST_POSTGRES
  echo "PostgreSQL: ${QINGLING_TEST_POSTGRES%%;Password=*};…" >&2
fi
dotnet test --project tests/Qingling.Tests "$@"
