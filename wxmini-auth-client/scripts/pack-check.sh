#!/usr/bin/env bash
# Packs the package as it would be published, checks that the tarball holds exactly the runtime files
# and the declarations (no tests, no examples, no scripts), installs it into fresh temporary projects
# and runs from there the package's tests and the type checks of the three example projects.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=$PWD

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(npm pack --silent --pack-destination "$work")
tarball="$work/$tarball"
echo "packed $(basename "$tarball")"

expected=$(printf '%s\n' package/LICENSE package/README.en.md package/README.md package/index.d.ts package/index.js \
	package/lib/client.js package/lib/errors.js package/lib/platforms.js package/package.json | sort)
actual=$(tar -tzf "$tarball" | sort)
if [ "$actual" != "$expected" ]; then
	echo "the tarball does not hold what it should:" >&2
	diff <(echo "$expected") <(echo "$actual") >&2 || true
	exit 1
fi
echo "the tarball holds exactly: $(echo "$actual" | tr '\n' ' ')"

# the package's own tests, run against the installed tarball instead of the source folder
project="$work/project"
mkdir -p "$project"
cp -r test test-support "$project/"
(
	cd "$project"
	printf '{"name":"wxmini-auth-client-pack-check","version":"0.0.0","private":true}\n' > package.json
	npm install --silent --no-audit --no-fund --no-save "$tarball"
	test ! -L node_modules/wxmini-auth-client
	node --test
)

# the three example projects with the tarball in place of file:../..; their other dependencies keep the
# versions of their lock files
for example in native uni-app taro; do
	echo "type check of the $example example against the tarball"
	copy="$work/example-$example"
	mkdir -p "$copy"
	cp -r "$pkg/examples/$example/." "$copy/"
	rm -rf "$copy/node_modules"
	(
		cd "$copy"
		npm pkg set "dependencies.wxmini-auth-client=file:$tarball"
		npm install --silent --no-audit --no-fund
		test ! -L node_modules/wxmini-auth-client
		npx --no-install tsc --noEmit -p .
	)
done
echo "pack check passed"
