#!/usr/bin/env bash
# Builds the container image from an already built binary (what `make image` and
# tests/ops/test_image.sh run): a context directory holding only that binary, docker/Dockerfile
# with CLOUDLIFE_PREBUILT, so the image carries exactly the binary the tests test and nothing is
# compiled inside the image. Tags IMAGE:VERSION and IMAGE:latest; prints the size and duration.
# Usage: build-image.sh BINARY [IMAGE]   (IMAGE defaults to cloudlife)
set -euo pipefail
binary=$1
image=${2:-cloudlife}
repo=$(cd "$(dirname "$0")/.." && pwd)

"$repo/scripts/docker-engine.sh" base-image
version=$("$binary" --version | cut -d' ' -f2)
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$binary" "$context/cloudlife"
started=$(date +%s%N)
DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0} docker build -q -f "$repo/docker/Dockerfile" \
  --build-arg CLOUDLIFE_PREBUILT=cloudlife --build-arg CLOUDLIFE_VERSION="$version" \
  -t "$image:$version" -t "$image:latest" "$context" >/dev/null
ms=$((($(date +%s%N) - started) / 1000000))
size=$(docker image inspect -f '{{.Size}}' "$image:latest")
echo "image $image:$version: $size bytes ($((size / 1000000)).$((size % 1000000 / 100000)) MB), built in $((ms / 1000)).$((ms % 1000 / 100)) s"
