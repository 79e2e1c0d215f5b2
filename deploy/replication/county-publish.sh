#!/usr/bin/env bash
# Run on a county's PostgreSQL: publishes the county's village figures (table village_figures) to the province.
# Usage: county-publish.sh COUNTY_CODE
#   COUNTY_CODE: the county's 6-digit code (or its 12-digit code); only rows of villages whose code starts with it are
#   published, so a village of another county that reached this database by mistake can never collide at the province.
# Connection: the usual PG* variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD) name the county's database; the
# user must own the database or be a superuser. With QINGLING_REPLICATION_PASSWORD set, it also creates (or updates) the
# role qingling_province the province subscribes as: LOGIN REPLICATION, granted SELECT on village_figures only. Mind
# what REPLICATION means: a role with it can open a logical slot of its own and decode every change made in this
# database, not only the published table. Give it to the province's server alone: in pg_hba.conf one line
# `hostssl qingling qingling_province <province address>/32 scram-sha-256` (the database's name, never the
# `replication` keyword, which would allow a copy of the whole server). The password is read from the environment,
# never put on a command line (where ps shows it).
# TRUNCATE is not published: row filters do not apply to it, and one county's TRUNCATE would empty every county's rows
# at the province.
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
exists=$(psql_ -c "SELECT to_regclass('village_figures') IS NOT NULL AND to_regclass('published_counties') IS NOT NULL")
[ "$exists" = "t" ] || { echo "本库没有 village_figures、published_counties 表：请先用本版本的 qingling 升级数据库（qingling migrate --connection …）" >&2; exit 1; }

# The village figures, and the county's word of when they were last confirmed (the province tells quiet from away).
tables="village_figures WHERE (village_code LIKE '${code}%'), published_counties WHERE (county_code = '${code}')"
if [ "$(psql_ -c "SELECT count(*) FROM pg_publication WHERE pubname = 'qingling_county'")" = "0" ]; then
  psql_ -c "CREATE PUBLICATION qingling_county FOR TABLE $tables WITH (publish = 'insert, update, delete')"
else
  psql_ -c "ALTER PUBLICATION qingling_county SET TABLE $tables"
  psql_ -c "ALTER PUBLICATION qingling_county SET (publish = 'insert, update, delete')"
fi

if [ -n "${QINGLING_REPLICATION_PASSWORD:-}" ]; then
  psql_ <<'SQL'
\getenv pw QINGLING_REPLICATION_PASSWORD
SELECT format('CREATE ROLE qingling_province LOGIN REPLICATION PASSWORD %L', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qingling_province') \gexec
SELECT format('ALTER ROLE qingling_province LOGIN REPLICATION PASSWORD %L', :'pw') \gexec
GRANT SELECT ON village_figures, published_counties TO qingling_province;
SQL
  echo "已建角色 qingling_province（省级订阅用）：请在 pg_hba.conf 只允许省级服务器的地址以该角色连接本库（hostssl qingling qingling_province 地址/32 scram-sha-256，不要写 replication 行）"
fi
echo "已发布：publication qingling_county，区划代码以 ${code} 开头的村级汇总。"
echo "下一步：qingling publish --connection …（或启动网页服务，5秒内自动）写入当前数字；再在省级运行 province-add-county.sh ${code} '连接串'"
