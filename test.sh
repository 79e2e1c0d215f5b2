#!/usr/bin/env bash
# Runs every test. As root (or with sudo) it first installs what the tests need (PostgreSQL, Chromium,
# CJK fonts, LibreOffice) and starts PostgreSQL on 127.0.0.1, so the data tests run on SQLite and on PostgreSQL and
# the browser tests run; without root they run on SQLite only, and the browser tests are skipped, and it says so.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${QINGLING_TEST_POSTGRES:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    .ci/install
    QINGLING_TEST_POSTGRES=$(.ci/postgres)
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo .ci/install
    QINGLING_TEST_POSTGRES=$(sudo .ci/postgres)
  else
    echo "注意：无 root 权限，无法安装 PostgreSQL 和 Chromium：本次数据测试只在 SQLite 上运行，浏览器测试若无 Chromium 则跳过。" >&2
  fi
fi
if [ -n "${QINGLING_TEST_POSTGRES:-}" ]; then
  export QINGLING_TEST_POSTGRES
  echo "PostgreSQL: ${QINGLING_TEST_POSTGRES%%;Password=*};…" >&2
fi
# The replication test (three throw-away PostgreSQL clusters: two counties and a province) runs wherever the
# PostgreSQL server binaries are; QINGLING_TEST_REPLICATION= (empty) skips it.
if [ -z "${QINGLING_TEST_REPLICATION+set}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export QINGLING_TEST_REPLICATION=1
fi
# Each test is printed as it finishes (a run takes minutes; it should not be silent). Release: the data tests spend their
# time in our own code (imports, digests, figures), which Debug leaves unoptimised.
dotnet test --project tests/Qingling.Tests -c Release --output detailed "$@"
