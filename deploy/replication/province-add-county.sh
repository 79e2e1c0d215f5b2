#!/usr/bin/env bash
# Run against the province's PostgreSQL: subscribes it to one county's publication (county-publish.sh on the county).
# Usage: QINGLING_COUNTY_CONNECTION='host=… port=… dbname=… user=qingling_province password=…' province-add-county.sh COUNTY_CODE
#   (or the connection string as a second argument, where a password in it is seen by ps: prefer the variable)
#   The connection string is how the PROVINCE's server reaches the county's database.
# Connection to the province: the usual PG* variables; the user must be a superuser (PostgreSQL 15 requires it to
# create a subscription). The first subscription also installs province.sql (the region tree grown from the rows).
# The subscription copies the county's current rows, then follows every change; its slot on the county keeps what the
# province has not yet received while the province is away.
set -euo pipefail
[ $# -eq 1 ] || [ $# -eq 2 ] || { echo "用法：QINGLING_COUNTY_CONNECTION='县级库连接串' province-add-county.sh 县级区划代码" >&2; exit 2; }
export QINGLING_COUNTY_CONNECTION="${2:-${QINGLING_COUNTY_CONNECTION:-}}"
[ -n "$QINGLING_COUNTY_CONNECTION" ] || { echo "缺少县级库连接串：请设环境变量 QINGLING_COUNTY_CONNECTION" >&2; exit 2; }
code="$1"
[[ "$code" =~ ^[0-9]{6}([0-9]{6})?$ ]] || { echo "县级区划代码应为6位或12位数字：“$code”" >&2; exit 2; }
code="${code:0:6}"
here="$(cd "$(dirname "$0")" && pwd)"
psql_() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -v ON_ERROR_STOP=1 -q -t -A "$@"; }

exists=$(psql_ -c "SELECT to_regclass('village_figures') IS NOT NULL AND to_regclass('published_counties') IS NOT NULL")
[ "$exists" = "t" ] || { echo "省级库没有 village_figures、published_counties 表：请先用本版本的 qingling 建库或升级（qingling migrate --connection …）" >&2; exit 1; }
households=$(psql_ -c "SELECT EXISTS (SELECT 1 FROM households)")
[ "$households" = "f" ] || { echo "这个库有户籍数据，不是省级汇总库：省级库只接收各县发布的数字" >&2; exit 1; }
psql_ -1 -f "$here/province.sql"  # one transaction: rows arriving meanwhile from other counties never meet a missing trigger

name="qingling_county_${code}"
if [ "$(psql_ -c "SELECT count(*) FROM pg_subscription WHERE subname = '${name}'")" != "0" ]; then
  echo "已订阅过县 ${code}（${name}）：改连接串用 ALTER SUBSCRIPTION ${name} CONNECTION '…'" >&2
  exit 1
fi
# Rows of this county from an earlier subscription (removed with province-remove-county.sh) are replaced by the fresh
# copy the new subscription makes; kept, they would collide with it.
psql_ -c "DELETE FROM village_figures WHERE village_code LIKE '${code}%'"
psql_ -c "DELETE FROM published_counties WHERE county_code = '${code}'"
psql_ <<SQL
\getenv conn QINGLING_COUNTY_CONNECTION
SELECT format('CREATE SUBSCRIPTION ${name} CONNECTION %L PUBLICATION qingling_county', :'conn') \gexec
SQL
echo "已订阅县 ${code}：subscription ${name}。复制状态：SELECT * FROM pg_stat_subscription;"
