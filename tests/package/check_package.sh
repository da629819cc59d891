#!/usr/bin/env bash
# check_package.sh BUILD_DIR WORK_DIR VERSION SOURCE_DIR
# Runs cpack on BUILD_DIR, then checks the .deb: its name, its files, its control fields
# (Depends found by dpkg-shlibdeps), its maintainer scripts, and the desktop file, AppStream
# metainfo and man page inside it under their validators. Prints every failed check and
# exits 1 if there was one.
set -uo pipefail

build=$1 work=$2 version=$3 source=$4
app_id=io.github.clusterlab.ClusterLab
failures=0

check() { # check "what" command...: runs the command, records a failure if it fails
    local what=$1
    shift
    if "$@"; then
        echo "PASS: $what"
    else
        echo "FAIL: $what"
        failures=$((failures + 1))
    fi
}
silent() { # silent command...: succeeds when the command succeeds and prints nothing
    local out
    out=$("$@" 2>&1)
    local rc=$?
    [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/    /'
    [ $rc -eq 0 ] && [ -z "$out" ]
}

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli groff; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/bootstrap test installs it)"; exit 1; }
done

rm -rf "$work"
mkdir -p "$work"
if ! (cd "$build" && cpack --config CPackConfig.cmake -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack"
    exit 1
fi

arch=$(dpkg --print-architecture)
deb=$work/out/clusterlab_${version}_${arch}.deb
check "cpack wrote clusterlab_${version}_${arch}.deb" test -f "$deb"
[ -f "$deb" ] || { ls "$work/out"; exit 1; }

# Files
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files.txt"
expected=(/usr/bin/clusterlab
    /usr/share/applications/$app_id.desktop
    /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/share/man/man1/clusterlab.1.gz
    /usr/share/doc/clusterlab/copyright
    /usr/share/doc/clusterlab/changelog.gz)
for f in "$source"/resources/demo/*.yaml "$source"/resources/lessons/*; do
    [ -f "$f" ] && expected+=("/usr/share/clusterlab/${f#"$source"/resources/}")
done
for f in "${expected[@]}"; do
    check "the package holds $f" grep -qxF "$f" "$work/files.txt"
done

# Control fields
fields=$(dpkg-deb -f "$deb")
echo "$fields" | sed 's/^/    /'
field() { dpkg-deb -f "$deb" "$1"; }
check "Package is clusterlab" test "$(field Package)" = clusterlab
check "Version is the CMake project version ($version)" test "$(field Version)" = "$version"
check "Architecture is $arch" test "$(field Architecture)" = "$arch"
depends=$(field Depends)
for lib in 'libqt6core6' 'libqt6widgets6' 'libyaml-cpp0\.[0-9]+' 'libboost-json1\.[0-9.]+'; do
    check "Depends names ${lib//\\/} with a version (dpkg-shlibdeps)" \
        grep -qE "(^|, )${lib} \(>= [^)]+\)" <<<"$depends"
done
check "Depends names hicolor-icon-theme (the icon's folders)" \
    grep -qE '(^|, )hicolor-icon-theme' <<<"$depends"

# Maintainer scripts
dpkg-deb -e "$deb" "$work/control"
check "postinst runs setcap cap_net_bind_service=+ep on /usr/bin/clusterlab" \
    grep -qF 'setcap cap_net_bind_service=+ep "$binary"' "$work/control/postinst"
check "postinst names /usr/bin/clusterlab" grep -qx 'binary=/usr/bin/clusterlab' "$work/control/postinst"
check "prerm drops the capability (setcap -r)" grep -qF 'setcap -r "$binary"' "$work/control/prerm"
for s in postinst prerm; do
    check "$s is executable" test -x "$work/control/$s"
    check "$s is valid sh" sh -n "$work/control/$s"
done

# Metadata under the validators, and the binary itself
dpkg-deb -x "$deb" "$work/root"
root=$work/root
check "desktop-file-validate accepts the .desktop file (no output)" \
    silent desktop-file-validate "$root/usr/share/applications/$app_id.desktop"
check "appstreamcli validate --no-net --strict accepts the metainfo" \
    appstreamcli validate --no-net --strict "$root/usr/share/metainfo/$app_id.metainfo.xml"
check "appstreamcli validate-tree --no-net --strict accepts the installed tree" \
    appstreamcli validate-tree --no-net --strict "$root"
newest=$(grep -oE '<release [^>]*version="[^"]+"' "$root/usr/share/metainfo/$app_id.metainfo.xml" \
    | head -n 1 | sed -E 's/.*version="([^"]+)".*/\1/')
check "the metainfo's newest release is $version (found $newest)" test "$newest" = "$version"
check "the desktop file's Icon= is the installed icon" \
    grep -qx "Icon=$app_id" "$root/usr/share/applications/$app_id.desktop"
check "the icon is an SVG" grep -q '<svg' "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
check "groff -man -ww reads the man page without a warning" \
    silent sh -c "gzip -dc '$root/usr/share/man/man1/clusterlab.1.gz' | groff -man -ww -z"
check "the man page carries version $version" \
    sh -c "gzip -dc '$root/usr/share/man/man1/clusterlab.1.gz' | grep -q '^\.TH .*\"ClusterLab $version\"'"
check "the metainfo's project_license is Apache-2.0" \
    grep -qx '  <project_license>Apache-2.0</project_license>' "$root/usr/share/metainfo/$app_id.metainfo.xml"
check "the copyright file licenses every file (Files: *) under Apache-2.0" \
    sh -c "grep -A2 -x 'Files: \*' '$root/usr/share/doc/clusterlab/copyright' | grep -qx 'License: Apache-2.0'"
# Every option `clusterlab --help` lists has its own entry in the rendered man page.
page=$(gzip -dc "$root/usr/share/man/man1/clusterlab.1.gz" | groff -man -Tascii -P-cbou 2>/dev/null)
check "the man page names the licence (SPDX: Apache-2.0)" grep -qF 'SPDX: Apache-2.0' <<<"$page"
options=$("$root/usr/bin/clusterlab" --help | grep -oE '^  --[a-z-]+' | sed 's/^  //')
for o in $options; do
    check "the man page documents $o" grep -qE -- "^ +(-[a-z], )?$o( |$)" <<<"$page"
done
check "the packaged clusterlab --version prints $version" \
    test "$("$root/usr/bin/clusterlab" --version)" = "clusterlab $version"

echo "package: $deb ($(stat -c %s "$deb") bytes)"
if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
