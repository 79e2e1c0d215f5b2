#!/bin/sh
# Self-contained single-file publishes of qingling: no .NET runtime needed on the server.
#   deploy/publish.sh               -> out/linux-x64 and out/linux-arm64
#   deploy/publish.sh linux-x64     -> only that one
# Each folder holds the executable `qingling`, the SQLite native library beside it, and wwwroot/ (pages' static
# files). ReadyToRun: the code is compiled ahead for the target, so a command does not first spend its start compiling
# itself (`progress` at 250,000 households on PostgreSQL: 5.93 s -> 5.24 s, CPU 4.35 -> 3.22 s; see README). Copy the whole folder to /opt/qingling on the server (see README, 部署与运维).
set -eu
cd "$(dirname "$0")/.."
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
[ $# -gt 0 ] || set -- linux-x64 linux-arm64
for rid in "$@"; do
  dotnet publish src/Qingling.Web/Qingling.Web.csproj -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:DebugType=none -p:InformationalVersion="$version" \
    -o "out/$rid" -v q
  ( cd out && tar -czf "qingling-$version-$rid.tar.gz" "$rid" )
  echo "out/$rid/qingling  ($(du -sh "out/$rid" | cut -f1) folder, out/qingling-$version-$rid.tar.gz)"
done
