#!/usr/bin/env bash
# Run against the province's PostgreSQL: subscribes it to one county's publication (county-publish.sh on the county).
# Usage: province-add-county.sh COUNTY_CODE 'host=… port=… dbname=… user=qingling_province password=…'
#   The second argument is a libpq connection string by which the PROVINCE's server reaches the county's database.
# Connection to the province: the usual PG* variables; the user must be a superuser (PostgreSQL 15 requires it to
# create a subscription). The first subscription also installs province.sql (the region tree grown from the rows).
# The subscription copies the county's current rows, then follows every change; its slot on the county keeps what the
# province has not yet received while the province is away.
set -euo pipefail
[ $# -eq 2 ] || { echo "用法：province-add-county.sh 县级区划代码 '县级库连接串'" >&2; exit 2; }
code="$1"
[[ "$code" =~ ^[0-9]{6}([0-9]{6})?$ ]] || { echo "县级区划代码应为6位或12位数字：“$code”" >&2; exit 2; }
code="${code:0:6}"
here="$(cd "$(dirname "$0")" && pwd)"
psql_() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -v ON_ERROR_STOP=1 -q -t -A "$@"; }

exists=$(psql_ -c "SELECT to_regclass('village_figures') IS NOT NULL")
[ "$exists" = "t" ] || { echo "省级库没有 village_figures 表：请先用本版本的 qingling 建库或升级（qingling migrate --connection …）" >&2; exit 1; }
households=$(psql_ -c "SELECT EXISTS (SELECT 1 FROM households)")
[ "$households" = "f" ] || { echo "这个库有户籍数据，不是省级汇总库：省级库只接收各县发布的数字" >&2; exit 1; }
psql_ -f "$here/province.sql"

name="qingling_county_${code}"
if [ "$(psql_ -c "SELECT count(*) FROM pg_subscription WHERE subname = '${name}'")" != "0" ]; then
  echo "已订阅过县 ${code}（${name}）：改连接串用 ALTER SUBSCRIPTION ${name} CONNECTION '…'" >&2
  exit 1
fi
# Rows of this county from an earlier subscription (removed with province-remove-county.sh) are replaced by the fresh
# copy the new subscription makes; kept, they would collide with it.
psql_ -c "DELETE FROM village_figures WHERE village_code LIKE '${code}%'"
psql_ -v conn="$2" <<SQL
SELECT format('CREATE SUBSCRIPTION ${name} CONNECTION %L PUBLICATION qingling_county', :'conn') \gexec
SQL
echo "已订阅县 ${code}：subscription ${name}。复制状态：SELECT * FROM pg_stat_subscription;"
