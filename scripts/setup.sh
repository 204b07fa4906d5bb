#!/usr/bin/env bash
# One-shot set-up for development and CI on Debian: system packages, then npm dependencies.
# Installs: redis-server (feature store tests), librdkafka-dev (its mock cluster is our local
# Kafka-protocol broker), the headers @confluentinc/kafka-javascript needs to build librdkafka
# from source, xz-utils (public data sets ship as .xz), chromium (browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(redis-server librdkafka-dev zlib1g-dev libssl-dev libzstd-dev libsasl2-dev liblz4-dev pkg-config build-essential xz-utils chromium fonts-wqy-microhei python3-sklearn python3-onnx)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# @confluentinc/kafka-javascript cannot download its prebuilt binary here; with dynamic linking
# it builds the bundled librdkafka against the system headers installed above (~70-120 s).
export CKJS_LINKING=dynamic
# `npm install`, not `npm ci`: chdb lists optional per-platform libraries (macOS, arm64) that the
# registry here does not serve, so they cannot be in the lock file and `npm ci` refuses the tree.
echo "setup: npm install (builds @confluentinc/kafka-javascript from source, takes a couple of minutes)" >&2
npm install --no-audit --no-fund
node -e "require('@confluentinc/kafka-javascript')" \
  || { echo "setup: @confluentinc/kafka-javascript did not build; see the npm ci output above" >&2; exit 1; }
echo "setup: done" >&2
