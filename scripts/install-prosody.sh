#!/usr/bin/env bash
# Installs Debian's Prosody (an XMPP server) for the Converse.js end-to-end test when
# `prosody` is missing. The test starts its own instance on 127.0.0.1 from a temporary
# config (tests/js/browser/xmpp.js); the packaged service is never used.
set -euo pipefail
if command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends prosody
# The package's own service is not wanted (the test runs its own on a free port); where
# systemd or sysvinit started it, stop it again.
$sudo service prosody stop >/dev/null 2>&1 || true
