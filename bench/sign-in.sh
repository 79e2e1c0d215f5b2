# Sourced by the bench scripts that serve the app (serve-signed-in.sh, province.sh, province-register.sh).
# free_port: a port nobody listens on. wait_until_served PID: until $base/healthz answers (the server's log from
# $out/serve.log and a failure if PID dies first). sign_in USER PASSWORD: signs in at $base and sets $cookie, the Cookie
# header of that session (fails, in Chinese, when the password is refused).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_until_served() {
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$base/healthz" && return 0
    kill -0 "$1" 2>/dev/null || { cat "$out/serve.log" >&2; return 1; }
    sleep 0.5
  done
  echo "服务未在300秒内启动：$base" >&2; return 1
}

sign_in() {
  local jar="$out/cookies.txt" token
  rm -f "$jar"
  token=$(curl -fs -c "$jar" -b "$jar" "$base/Account/Login" | sed -nE 's/.*name="__RequestVerificationToken" type="hidden" value="([^"]+)".*/\1/p' | head -n 1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "UserName=$1" --data-urlencode "Password=$2" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Account/Login"
  cookie=$(awk '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
  grep -q "qingling" <<<"$cookie" || { echo "登录失败：$1" >&2; return 1; }
}
