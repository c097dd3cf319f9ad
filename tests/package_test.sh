#!/usr/bin/env bash
# package_install: the .deb built from this tree installs and works, in a throw-away root.
#   tests/package_test.sh BUILD_DIR
# cpack builds licmig_VERSION_ARCH.deb from BUILD_DIR's install rules (cmake/Install.cmake); dpkg
# installs it into a fresh root with its own package database (--root, so the machine's own /usr is
# untouched); then, from that root: both binaries run, `man -w` finds every page, the bash completion
# loads and completes, the zsh completion registers with compinit. The package's Depends must all be
# real packages, installed on this machine (dpkg-shlibdeps derived them from the binaries).
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "package_install: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/licmig_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no .deb in $work/out"

version=$(dpkg-deb -f "$deb" Version)
[ -n "$version" ] || fail "$deb has no Version"
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "$deb has no Depends (dpkg-shlibdeps did not run)"
# every dependency (first alternative, version dropped) is a package installed here, or one that an
# installed package provides (libspdlog1.10 provides libspdlog1.10-fmt9)
provided=$(dpkg-query -W -f='${Provides}\n' | tr ',' '\n' | sed 's/(.*)//; s/ //g' | sort -u)
for dep in $(echo "$depends" | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g'); do
  dpkg -s "$dep" >/dev/null 2>&1 || grep -qx -- "$dep" <<<"$provided" ||
    fail "Depends names '$dep', which no installed package is or provides"
done

root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
# --force-depends: the libraries are this machine's, not the throw-away root's (checked above).
# --path-include: a container's dpkg.cfg.d may exclude man pages and docs; this package needs them.
dpkg --root="$root" --log=/dev/null --force-depends --force-not-root \
  --path-include='/usr/share/man/*' --path-include='/usr/share/doc/licmig/*' -i "$deb" >"$work/dpkg.log" 2>&1 ||
  { cat "$work/dpkg.log" >&2; fail "dpkg -i failed"; }
dpkg --root="$root" -s licmig | grep -q '^Status: install ok installed' || fail "dpkg does not list licmig as installed"

got=$("$root/usr/bin/licmig" --version)
[ "$got" = "licmig $version" ] || fail "licmig --version printed '$got', want 'licmig $version'"
"$root/usr/bin/iosxe-sim" --help | grep -q -- '--fleet' || fail "iosxe-sim --help does not show --fleet"

export MANPATH="$root/usr/share/man"
for page in licmig iosxe-sim; do
  man -w "$page" | grep -q "^$root/" || fail "man -w $page does not find the installed page"
done
# one page per subcommand, each rendering with its options
for cmd in $("$root/usr/bin/licmig" --generate-docs bash | sed -n 's/^ *\([a-z|]*\)) cmd=.*/\1/p' | tr '|' ' '); do
  man -w "licmig-$cmd" >/dev/null || fail "no manual page licmig-$cmd"
  MANWIDTH=80 man "licmig-$cmd" 2>/dev/null | grep -q -- '--help' || fail "licmig-$cmd(1) does not render its options"
done
[ -f "$root/usr/share/doc/licmig/usage.md" ] || fail "docs not installed"

comp="$root/usr/share/bash-completion/completions/licmig"
[ -f "$comp" ] || fail "bash completion not installed"
got=$(bash -c 'source "$1"; complete -p licmig; COMP_WORDS=(licmig mig); COMP_CWORD=1; _licmig; echo "${COMPREPLY[*]}";
  COMP_WORDS=(licmig migrate --dry); COMP_CWORD=2; _licmig; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$got" = "complete -o default -F _licmig licmig
migrate
--dry-run" ] || fail "bash completion: got '$got'"

zcomp="$root/usr/share/zsh/vendor-completions/_licmig"
[ -f "$zcomp" ] || fail "zsh completion not installed"
got=$(zsh -fc 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[licmig]' _ "$(dirname "$zcomp")")
[ "$got" = "_licmig" ] || fail "zsh compinit did not register _licmig (got '$got')"

echo "package_install: $(basename "$deb") installs; licmig $version, $(ls "$root/usr/share/man/man1" | wc -l) manual pages, bash and zsh completion"
