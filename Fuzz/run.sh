#!/usr/bin/env bash
# Builds the JSONReader libFuzzer harness straight from the PolicySyntax sources and runs it for a bounded time.
#
#   Fuzz/run.sh [seconds] [extra libFuzzer flags...]
#
# The seed corpus is generated into a temporary directory and deleted on exit, so nothing generated is committed.
# Crash reproducers are written to .build-fuzz/ (crash-*, leak-*, timeout-*); replay one with
#   .build-fuzz/json-fuzz .build-fuzz/crash-<hash>
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
out=.build-fuzz
mkdir -p "$out"

# SwiftPM cannot link a libFuzzer target, so the reader's sources are compiled with the harness as one module.
# lld (shipped with Swift toolchains) links ASan without gold's hundreds of "cannot export local symbol" warnings.
linker=()
if command -v ld.lld >/dev/null; then linker=(-use-ld=lld); fi
swiftc -parse-as-library -sanitize=fuzzer,address -O "${linker[@]}" -module-name JSONReaderFuzz -package-name ecr_policy \
  Sources/PolicySyntax/*.swift Fuzz/JSONReaderFuzz.swift -o "$out/json-fuzz"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
seed() { printf '%b' "$2" >"$corpus/$1"; }
seed empty-object '{}'
seed scalars '[true, false, null, -0, 1.50, 1e5, "s"]'
seed escapes '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\uD83D\\uDE00"'
seed utf8 '{"\xc3\xa9": "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"}'
seed bom '\xef\xbb\xbf{"a": [1, {"b": []}]}'
seed crlf '{\r\n  "a": 1,\r\n  "a": 2\r\n}\r\n'
seed policy '{"Version": "2012-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow",
  "Principal": {"AWS": ["arn:aws:iam::123456789012:root"]}, "Action": ["ecr:BatchGetImage"],
  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}'
seed get-repository-policy '{"registryId": "123456789012", "repositoryName": "app",
  "policyText": "{\\n  \\"Version\\" : \\"2012-10-17\\",\\n  \\"Statement\\" : [ ]\\n}"}'

# The Swift runtime's backtracer would catch the trap first and stall under ASan; libFuzzer must see the signal.
SWIFT_BACKTRACE=enable=no "$out/json-fuzz" -max_total_time="$seconds" -dict=Fuzz/json.dict -artifact_prefix="$out/" \
  "$@" "$corpus"
