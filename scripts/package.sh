#!/usr/bin/env bash
# Builds the two packages of a release, from Debian (as root, or with sudo for apt-get):
#   target/package/clausier-VERSION-windows-x86_64.zip  clausier.exe and clausier-cli.exe
#       (cross-built with mingw-w64), LISEZMOI.txt (the French part of README.md), LICENCE.txt
#   target/debian/clausier_VERSION_amd64.deb            (cargo-deb, [package.metadata.deb])
# Installs what it needs when missing: the Rust target x86_64-pc-windows-gnu, the apt packages
# gcc-mingw-w64-x86-64, zip and librsvg2-bin, and cargo-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

win=x86_64-pc-windows-gnu
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
out=target/package
echo "== Clausier $version"

# --- What the build needs ----------------------------------------------------------------
sudo_=""
[ "$(id -u)" -eq 0 ] || sudo_=sudo
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! rustup target list --installed | grep -qx "$win"; then
  echo "== rustup target add $win"
  rustup target add "$win"
fi
if ! command -v cargo-deb >/dev/null 2>&1; then
  echo "== cargo install cargo-deb"
  cargo install cargo-deb --locked
fi

# --- Icons: the PNGs are renders of assets/icon.svg (kept in the repository; re-rendered
# here so that a changed SVG never ships with stale PNGs) ---------------------------------
for size in 256 48; do
  rsvg-convert -w "$size" -h "$size" assets/icon.svg -o "assets/icon-$size.png"
done

# --- Windows zip ----------------------------------------------------------------------------
echo "== cargo build --release --target $win"
cargo build --release --locked --target "$win" --bin clausier --bin clausier-cli
name="clausier-$version-windows-x86_64"
stage="$out/$name"
rm -rf "$stage" "$out/$name.zip"
mkdir -p "$stage"
cp "target/$win/release/clausier.exe" "target/$win/release/clausier-cli.exe" "$stage/"
# The French part of the README (before the contributors' part), with Windows line ends.
awk '/^## For contributors/ { exit } { line[++n] = $0 }
     END { while (n > 0 && (line[n] == "" || line[n] == "---")) n--; for (i = 1; i <= n; i++) print line[i] }' \
  README.md | sed -e 's/$/\r/' >"$stage/LISEZMOI.txt"
sed -e 's/$/\r/' LICENSE >"$stage/LICENCE.txt"
# The slide PDFs embed Liberation Sans: its licence (SIL OFL 1.1) travels with the program.
sed -e 's/$/\r/' assets/fonts/LICENSE-LiberationSans.txt >"$stage/LICENCE-police-Liberation-Sans.txt"
# The executables must not need mingw's DLLs (they would be missing on the user's PC).
if x86_64-w64-mingw32-objdump -p "$stage/clausier.exe" | grep -Ei 'DLL Name: (libgcc|libwinpthread|libstdc)'; then
  echo "clausier.exe depends on a mingw DLL" >&2
  exit 1
fi
(cd "$out" && zip -q -r -X "$name.zip" "$name")
rm -rf "$stage"
echo "   $out/$name.zip"

# --- Debian package -------------------------------------------------------------------------
echo "== cargo build --release, cargo deb"
cargo build --release --locked --bin clausier
cargo deb --no-build
ls target/debian/clausier_"$version"*_amd64.deb
