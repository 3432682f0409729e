#!/usr/bin/env bash
# Install Debian's Chromium and a Bengali font for the end-to-end tests, when missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "lohit bengali\|noto sans bengali" || need+=(fonts-lohit-beng-bengali)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${need[*]} (Debian packages) for the browser tests"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
