#!/usr/bin/env bash
# make-lan-cert.sh - a self-signed TLS certificate for running the desk on the centre's LAN
# (`vieclam serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem
# --public-origin https://HOSTNAME:8443`).
# Usage: scripts/make-lan-cert.sh OUTDIR HOSTNAME [IP ...]
# Writes OUTDIR/cert.pem and OUTDIR/key.pem (mode 0600), an ECDSA P-256 key valid 825 days,
# with the host name and each IP address as subject alternative names. Browsers warn about a
# self-signed certificate once; install cert.pem as trusted on the desks' computers to stop it.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 OUTDIR HOSTNAME [IP ...]" >&2
  exit 2
fi
out=$1 host=$2
shift 2
san="DNS:$host"
for ip in "$@"; do san="$san,IP:$ip"; done
mkdir -p "$out"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
  -subj "/CN=$host" -addext "subjectAltName=$san" \
  -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
chmod 600 "$out/key.pem"
echo "wrote $out/cert.pem and $out/key.pem for $san"
