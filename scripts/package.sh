#!/usr/bin/env bash
# Packaging check, run by .ci/run after the tests: builds what users install and checks it,
# installing nothing system-wide except the tools it needs.
#
#   1. the crate: `cargo package` (builds the crate from its own tarball), and the
#      rust-version in Cargo.toml is the toolchain this very run builds and tests with;
#   2. the Debian package: `cargo deb` from [package.metadata.deb], then `dpkg-deb --info` and
#      `--contents`, `dpkg -x` into a temporary root, the extracted binary's `--version`, and
#      every extracted man page through `man -l` and `groff -ww` without a single warning.
#
# Installs when missing: dpkg-dev, man-db, groff-base (apt-get, as root), cargo-deb
# (crates.io). Prints how long each step took.
#
# Measured on 2 shared cores: cold (no cargo-deb, empty target dirs) about 7 to 8 minutes:
# cargo-deb install 130 s, cargo package's verify build 115 s, release build 193 s, the rest
# under 10 s. Again after a commit: about 4 minutes
# (the verify build starts from scratch each time; the release build relinks for the commit).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step_started=$SECONDS
step() {
    echo "== $* (previous step: $((SECONDS - step_started)) s)"
    step_started=$SECONDS
}
fail() {
    echo "package.sh: $*" >&2
    exit 1
}

CARGO_DEB_VERSION=3.8.0
name=sipgate-inspect
version=$(sed -n '0,/^version = /s/^version = "\(.*\)"$/\1/p' Cargo.toml)
msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
[ -n "$version" ] && [ -n "$msrv" ] || fail "cannot read the version or rust-version from Cargo.toml"
target_dir=$(cargo metadata --no-deps --format-version 1 --offline |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target_dir" ] || fail "cannot find the target directory"

step "tools"
missing=()
command -v dpkg-deb > /dev/null || missing+=(dpkg)
# cargo-deb's `depends = "$auto"` asks dpkg-shlibdeps which libraries the binary links.
command -v dpkg-shlibdeps > /dev/null || missing+=(dpkg-dev)
command -v man > /dev/null || missing+=(man-db)
command -v groff > /dev/null || missing+=(groff-base)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! cargo deb --version > /dev/null 2>&1; then
    echo "installing cargo-deb $CARGO_DEB_VERSION"
    cargo install cargo-deb --locked --version "$CARGO_DEB_VERSION"
fi
cargo deb --version

# rust-version is the toolchain CI builds and tests with (the machine has one; no other is
# fetched), so the claim in Cargo.toml is exactly what was tested.
rustc_version=$(rustc --version | sed -n 's/^rustc \([0-9]*\.[0-9]*\).*/\1/p')
[ "$rustc_version" = "$msrv" ] ||
    fail "rust-version $msrv in Cargo.toml, but CI tests with rustc $rustc_version: make them agree"

step "cargo package (builds the crate from its own tarball)"
# Its own target dir: the verify build would otherwise put its binary (built outside git, so
# without the commit) in target/debug/, where the tests' CARGO_BIN_EXE_ would then find it.
# Removed afterwards, to give the disk back; the .crate is kept in target/package/.
package_target="$target_dir/package-verify"
CARGO_TARGET_DIR="$package_target" cargo package --locked
mkdir -p "$target_dir/package"
crate="$target_dir/package/$name-$version.crate"
cp "$package_target/package/$name-$version.crate" "$crate"
rm -rf "$package_target"
ls -l "$crate"
# The tests hold the list to account (tests/packaging.rs); here only what a build needs.
listing=$(tar -tzf "$crate")
for needed in Cargo.toml Cargo.lock build.rs README.md LICENSE src/main.rs assets/troubleshooting.toml; do
    grep -qx "$name-$version/$needed" <<< "$listing" || fail "$needed missing from $crate"
done

step "release build, man pages and completions"
cargo build --release --locked
bin="$target_dir/release/$name"
assets="$target_dir/release/assets"
rm -rf "$assets"
mkdir -p "$assets/completions"
"$bin" man --out "$assets/man" > /dev/null
# Debian policy: man pages gzipped at -9, without a name or time stamp (-n), so the package
# is the same byte for byte from the same sources.
gzip -9n "$assets"/man/*.1
"$bin" completions bash > "$assets/completions/$name"
"$bin" completions zsh > "$assets/completions/_$name"
"$bin" completions fish > "$assets/completions/$name.fish"

step "cargo deb"
rm -rf "$target_dir/debian"
cargo deb --no-build --locked
debs=("$target_dir"/debian/"${name}"_"${version}"-*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $target_dir/debian"
deb=${debs[0]}
ls -l "$deb"

step "dpkg-deb --info and --contents"
info=$(dpkg-deb --info "$deb")
echo "$info"
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = "$name" ] || fail "Package is $(field Package)"
[ "$(field Section)" = net ] || fail "Section is $(field Section)"
[ "$(field Priority)" = optional ] || fail "Priority is $(field Priority)"
# Only the C library: libc6 and libgcc-s1 (which libc6 itself depends on: Rust's unwinder).
depends=$(field Depends)
leftover=$(tr ',' '\n' <<< "$depends" | sed 's/(.*)//; s/ //g' | grep -vx 'libc6\|libgcc-s1' || true)
[ -z "$leftover" ] || fail "depends on more than the C library: $depends"
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
echo "$contents"
man_pages=$("$bin" man --out "$(mktemp -d)" | xargs -n1 basename)
expected=(
    ./usr/bin/$name
    ./usr/share/bash-completion/completions/$name
    ./usr/share/zsh/vendor-completions/_$name
    ./usr/share/fish/vendor_completions.d/$name.fish
    ./usr/share/doc/$name/README.md
    ./usr/share/doc/$name/copyright
)
for page in $man_pages; do
    expected+=("./usr/share/man/man1/$page.gz")
done
for path in "${expected[@]}"; do
    grep -qx "$path" <<< "$contents" || fail "$path missing from the package"
done
grep -q Unlicense <<< "$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/$name/copyright)" ||
    fail "the copyright file does not carry the licence"

step "dpkg -x into a temporary root; run what it holds"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
got=$("$root/usr/bin/$name" --version)
commit=$(git rev-parse --short HEAD 2> /dev/null || true)
want="$name $version${commit:+ ($commit)}"
[ "$got" = "$want" ] || fail "--version says '$got', expected '$want'"
echo "$got"
bash -n "$root/usr/share/bash-completion/completions/$name" || fail "bash completion does not parse"
for page in "$root"/usr/share/man/man1/*.1.gz; do
    # man-db reads the page as a user would; -Tutf8 with warnings on, to catch any.
    rendered=$(MANWIDTH=80 man --warnings=w -l "$page" 2> "$root/man.err")
    [ ! -s "$root/man.err" ] || fail "man -l $(basename "$page"): $(cat "$root/man.err")"
    grep -q "EXIT STATUS" <<< "$rendered" || fail "man -l $(basename "$page") lacks EXIT STATUS"
    zcat "$page" | groff -ww -man -Tutf8 -z 2> "$root/groff.err"
    [ ! -s "$root/groff.err" ] || fail "groff -ww $(basename "$page"): $(cat "$root/groff.err")"
done
echo "$(ls "$root"/usr/share/man/man1 | wc -l) man pages render without warnings"

step "done"
echo "package.sh: $deb and $crate are good (total $((SECONDS - started)) s)"
