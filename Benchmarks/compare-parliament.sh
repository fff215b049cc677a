#!/usr/bin/env bash
# Installs the Python peer parliament into a throwaway virtual environment (outside the project) and runs the
# benchmark, which then also times parliament over the same generated directory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /tmp/ecr-policy-peers/bin/parliament ]; then
  python3 -m venv /tmp/ecr-policy-peers
  /tmp/ecr-policy-peers/bin/pip install --quiet parliament
fi
# The executable as releases are built (the Swift runtime linked in, see README), then the benchmark beside it.
swift build -c release --static-swift-stdlib --product ecr-policy
swift build -c release --product ecr-policy-benchmark
"$(swift build -c release --show-bin-path)/ecr-policy-benchmark" "${1:-10000}"
