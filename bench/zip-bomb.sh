#!/usr/bin/env bash
# Peak memory and time of `qingling import` on the two zip bombs of issue 9 (bench/make-zip-bombs.py),
# measured with GNU time (/usr/bin/time -v). Usage: bench/zip-bomb.sh [path/to/qingling.dll]
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/bombs
mkdir -p "$out"
dll=${1:-}
if [ -z "$dll" ]; then
  dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
  dll=src/Qingling.Web/bin/Release/net10.0/qingling.dll
fi
[ -f "$out/50m-strings.xlsx" ] || python3 bench/make-zip-bombs.py "$out"
echo "| file | size | peak memory | wall time | outcome |"
echo "| --- | --- | --- | --- | --- |"
for f in one-800mib-string.xlsx 50m-strings.xlsx; do
  rm -f "$out/bomb.db"*
  /usr/bin/time -v dotnet "$dll" import "$out/$f" --year 2022 --db "$out/bomb.db" --key-file "$out/bomb.key" >"$out/last.log" 2>&1 || true
  rss=$(grep "Maximum resident" "$out/last.log" | awk '{print $NF}')
  wall=$(grep "Elapsed (wall" "$out/last.log" | awk '{print $NF}')
  outcome=$(grep -m1 -v "^\s\|Command being" "$out/last.log")
  echo "| $f | $(( $(stat -c %s "$out/$f") / 1024 )) KiB | $(( rss / 1024 )) MB | $wall | $outcome |"
done
