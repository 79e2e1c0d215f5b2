#!/usr/bin/env bash
# Run against the province's PostgreSQL: ends the subscription to one county and removes the county's rows.
# Usage: province-remove-county.sh COUNTY_CODE
# Use it to take a county out, or before adding it again (a county restored from a backup has lost its replication
# slot: the old subscription cannot resume, and province-add-county.sh then copies the restored county afresh).
# When the county is reachable its slot is dropped with the subscription; when it is not, the slot is left on the county
# and the script prints the statement that drops it there (a slot nobody reads keeps the county's WAL growing).
set -euo pipefail
[ $# -eq 1 ] || { echo "用法：province-remove-county.sh 县级区划代码" >&2; exit 2; }
code="$1"
[[ "$code" =~ ^[0-9]{6}([0-9]{6})?$ ]] || { echo "县级区划代码应为6位或12位数字：“$code”" >&2; exit 2; }
code="${code:0:6}"
psql_() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -X -v ON_ERROR_STOP=1 -q -t -A "$@"; }
name="qingling_county_${code}"
if [ "$(psql_ -c "SELECT count(*) FROM pg_subscription WHERE subname = '${name}'")" = "0" ]; then
  echo "没有订阅县 ${code}（${name}）" >&2
  exit 1
fi
if ! error=$(PGOPTIONS="-c statement_timeout=30s" psql_ -c "DROP SUBSCRIPTION ${name}" 2>&1); then
  # Only a county that cannot be reached leaves its slot behind; any other refusal is shown as it is.
  if ! grep -qiE "could not connect|connection to server|timeout|timed out" <<<"$error"; then echo "$error" >&2; exit 1; fi
  psql_ -c "ALTER SUBSCRIPTION ${name} DISABLE"
  psql_ -c "ALTER SUBSCRIPTION ${name} SET (slot_name = NONE)"
  psql_ -c "DROP SUBSCRIPTION ${name}"
  echo "县级库连不上：其复制槽未删除。县级库恢复后请在县级库运行：SELECT pg_drop_replication_slot('${name}');" >&2
fi
# The county's rows, then its places no row and no account needs any more (deepest first).
rows=$(psql_ -1 <<SQL
CREATE TEMP TABLE gone ON COMMIT DROP AS
    WITH d AS (DELETE FROM village_figures WHERE village_code LIKE '${code}%' RETURNING 1) SELECT count(*) AS n FROM d;
DELETE FROM published_counties WHERE county_code = '${code}';
DO \$\$ BEGIN
    FOR lvl IN REVERSE 5..3 LOOP
        DELETE FROM regions r WHERE r.level = lvl AND r.code LIKE '${code}%'
            AND NOT EXISTS (SELECT 1 FROM regions c WHERE c.parent_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.region_id = r.id);
    END LOOP;
END \$\$;
SELECT n FROM gone;
SQL
)
echo "已取消订阅县 ${code}，删除其村级汇总 ${rows} 行。"
