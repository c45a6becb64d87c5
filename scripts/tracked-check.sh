#!/usr/bin/env bash
# Fails when git tracks an executable or build output (make tracked-check,
# part of make test and so of CI). A committed binary is dead weight in every
# clone forever and hides what it was built from; .gitignore only keeps out
# what was never added, so this checks the index itself:
#
#   - paths of build output: *.test (go test -c), *.exe, *.o, *.a, *.so,
#     *.dylib, *.dll, *.class, *.pyc, bin/ at the top, any node_modules/;
#   - contents of a binary: ELF, Mach-O (thin or fat), PE ("MZ"), Java class;
#   - the executable bit on a file that does not start with "#!" (a script);
#   - any file over TRACKED_MAX_BYTES (default 2 MiB; the largest tracked
#     file today is the 1 MiB GraphiQL build in internal/playground/static).
#
# Prints one line per problem and exits 1 if there is any.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

max=${TRACKED_MAX_BYTES:-2097152}
problems=0
report() {
  printf 'tracked-check: %s: %s\n' "$1" "$2" >&2
  problems=$((problems + 1))
}

# -s -z: "<mode> <blob> <stage>\t<path>\0" for every path in the index.
while IFS= read -r -d '' entry; do
  mode=${entry%% *}
  path=${entry#*$'\t'}
  case $mode in 120000 | 160000) continue ;; esac # symlinks, submodules
  case /$path in
    */node_modules/*) report "$path" "node_modules is installed by npm ci, not committed"; continue ;;
    /bin/*) report "$path" "bin/ holds build output"; continue ;;
    *.test | *.exe | *.o | *.a | *.so | *.dylib | *.dll | *.class | *.pyc)
      report "$path" "build output (by its name)"; continue ;;
  esac
  [[ -f $path ]] || continue # deleted in the work tree: its removal is on the way
  magic=$(head -c 4 -- "$path" | od -An -tx1 | tr -d ' \n')
  case $magic in
    7f454c46) report "$path" "an ELF binary"; continue ;;
    feedface | feedfacf | cefaedfe | cffaedfe) report "$path" "a Mach-O binary"; continue ;;
    cafebabe) report "$path" "a Mach-O fat binary or Java class"; continue ;;
    4d5a*) report "$path" "a PE (Windows) binary"; continue ;;
  esac
  if [[ $mode == 100755 && ${magic:0:4} != 2321 ]]; then
    report "$path" "executable bit set but no #! line (chmod -x it, or it is a binary)"
  fi
  size=$(wc -c <"$path")
  if ((size > max)); then
    report "$path" "$size bytes, over the limit of $max (TRACKED_MAX_BYTES)"
  fi
done < <(git ls-files -s -z)

if ((problems > 0)); then
  printf 'tracked-check: %d problem(s): remove them with git rm (and add a .gitignore rule)\n' "$problems" >&2
  exit 1
fi
