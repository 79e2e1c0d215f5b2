#!/usr/bin/env bash
# Run on a county's PostgreSQL: publishes the county's village figures (table village_figures) to the province.
# Usage: county-publish.sh COUNTY_CODE
#   COUNTY_CODE: the county's 6-digit code (or its 12-digit code); only rows of villages whose code starts with it are
#   published, so a village of another county that reached this database by mistake can never collide at the province.
# Connection: the usual PG* variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD) name the county's database; the
# user must own the database or be a superuser. With QINGLING_REPLICATION_PASSWORD set, it also creates (or updates) the
# role qingling_province the province subscribes as: LOGIN REPLICATION, allowed to read village_figures only.
# Idempotent: run it again to change the code or the password.
set -euo pipefail
[ $# -eq 1 ] || { echo "用法：county-publish.sh 县级区划代码（6位或12位）" >&2; exit 2; }
code="$1"
[[ "$code" =~ ^[0-9]{6}([0-9]{6})?$ ]] || { echo "县级区划代码应为6位或12位数字：“$code”" >&2; exit 2; }
code="${code:0:6}"
psql_() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -v ON_ERROR_STOP=1 -q -t -A "$@"; }

level=$(psql_ -c "SHOW wal_level")
if [ "$level" != "logical" ]; then
  echo "本库的 wal_level 是 $level：逻辑复制需要 wal_level = logical（在 postgresql.conf 中设置并重启 PostgreSQL）" >&2
  exit 1
fi
exists=$(psql_ -c "SELECT to_regclass('village_figures') IS NOT NULL")
[ "$exists" = "t" ] || { echo "本库没有 village_figures 表：请先用本版本的 qingling 升级数据库（qingling migrate --connection …）" >&2; exit 1; }

filter="village_code LIKE '${code}%'"
if [ "$(psql_ -c "SELECT count(*) FROM pg_publication WHERE pubname = 'qingling_county'")" = "0" ]; then
  psql_ -c "CREATE PUBLICATION qingling_county FOR TABLE village_figures WHERE ($filter)"
else
  psql_ -c "ALTER PUBLICATION qingling_county SET TABLE village_figures WHERE ($filter)"
fi

if [ -n "${QINGLING_REPLICATION_PASSWORD:-}" ]; then
  psql_ -v pw="$QINGLING_REPLICATION_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE qingling_province LOGIN REPLICATION PASSWORD %L', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qingling_province') \gexec
SELECT format('ALTER ROLE qingling_province LOGIN REPLICATION PASSWORD %L', :'pw') \gexec
GRANT SELECT ON village_figures TO qingling_province;
SQL
  echo "已建角色 qingling_province（省级订阅用）：请在 pg_hba.conf 允许省级服务器以该角色连接本库"
fi
echo "已发布：publication qingling_county，区划代码以 ${code} 开头的村级汇总。"
echo "下一步：qingling publish --connection …（或启动网页服务，5秒内自动）写入当前数字；再在省级运行 province-add-county.sh ${code} '连接串'"
