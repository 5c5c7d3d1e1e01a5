#!/usr/bin/env bash
# docs/coverage.md must be exactly what `cloudlife --list-actions --format markdown` prints.
# Usage: check_coverage_doc.sh CLOUDLIFE_BIN DOCS/coverage.md
set -euo pipefail
bin=$1
doc=$2
if ! diff -u "$doc" <("$bin" --list-actions --format markdown); then
  echo >&2
  echo "docs/coverage.md is out of date with the action registries: run \`make coverage-doc\` to refresh it." >&2
  exit 1
fi
echo "docs/coverage.md matches the action registries"
