#!/usr/bin/env bash
# The layout's rules, checked against the code (docs/architecture.md):
#
# - dsl/src: every `crate::..` (and `super::..`) path in the code, comments
#   left out, is an edge from the module it is written in to the module it
#   names; the crate root's `use`/`pub use` aliases (`crate::lazy`,
#   `crate::Model`) are followed to the module that defines the item. The
#   module edges must have no cycle, the parts' edges (a part is a folder
#   of dsl/src, or error.rs) no cycle either, and each part may use only
#   the parts its mod.rs names (DSL_MAY_USE below).
# - checker/src: the same module edges, no cycle, and every edge goes from
#   a later stage to an earlier one or within a stage (CHECKER_STAGE below).
#
# Prints the edges and exits 1 on a cycle or a forbidden edge.
#   scripts/check_layout.sh           # the edges and the verdict
#   QUIET=1 scripts/check_layout.sh   # the verdict only
set -euo pipefail
cd "$(dirname "$0")/.."

# What each part of dsl/src may use (its mod.rs says the same).
declare -A DSL_MAY_USE=(
  [error]=""
  [declaring]=""
  [checking]="declaring"
  [loading]="declaring error"
  [querying]="loading declaring error"
  [writing]="loading declaring error"
  [schema]="declaring checking loading"
  [multi]="loading writing schema declaring error"
)

# The checker's stages, in the order lib.rs runs them; a module may use
# only modules of its own stage or of an earlier one.
declare -A CHECKER_STAGE=(
  [ctxt]=0        # shared helpers
  [shared]=0
  [model]=1       # parse
  [check]=2       # judge
  [migrations]=3  # gather evidence
  [evidence]=3
  [foreign_keys]=3
  [expand]=4      # generate
  [composite]=4
  [pairing]=4
  [ordering]=4
)

status=0
fail() { echo "FAIL: $*"; status=1; }
say() { [ -n "${QUIET:-}" ] || echo "$@"; }

# The module path of a source file: dsl/src/loading/lazy.rs -> loading::lazy.
module_of() { # root file
  local rel=${2#"$1"/}
  rel=${rel%.rs}
  rel=${rel%/mod}
  [ "$rel" = lib ] && rel=""
  echo "${rel//\//::}"
}

# `from to` lines: one per path to another module in the crate under $1.
edges() { # root
  local root=$1 file from
  local modules aliases
  modules=$(find "$root" -name '*.rs' | sort | while read -r f; do module_of "$root" "$f"; done)
  # The crate root's aliases: `use part::module;` and the items of
  # `pub use module::{A, B as C};`, each `name target-module`.
  aliases=$(sed 's://.*$::; /mod __private/,$d' "$root/lib.rs" | tr '\n' ' ' | tr ';' '\n' |
    sed -nE 's/^[[:space:]]*(#\[[^]]*\][[:space:]]*)*(pub[[:space:]]+)?use[[:space:]]+//p' |
    awk -v mods="$(echo "$modules" | tr '\n' ' ')" '
      BEGIN { n = split(mods, m, " "); for (i = 1; i <= n; i++) known[m[i]] = 1 }
      {
        gsub(/[[:space:]]+/, "")
        sub(/^crate::/, "")
        if (index($0, "{")) {
          base = substr($0, 1, index($0, "{") - 3)
          items = substr($0, index($0, "{") + 1)
          sub(/}$/, "", items)
          k = split(items, it, ",")
          for (i = 1; i <= k; i++) {
            name = it[i]
            if (name == "") continue
            if (index(name, "as")) { split(name, p, "as"); name = p[2] }
            if (base in modalias) base = modalias[base]
            if (base in known) print name, base
          }
        } else {
          k = split($0, p, "::")
          if ($0 in known) { print p[k], $0; modalias[p[k]] = $0; next }
          base = p[1]
          if (base in modalias) base = modalias[base]
          for (i = 2; i < k; i++) base = base "::" p[i]
          if (base in known) print p[k], base
        }
      }')
  find "$root" -name '*.rs' | sort | while read -r file; do
    from=$(module_of "$root" "$file")
    [ -z "$from" ] && continue # the crate root re-exports every part
    # Code only: line comments (doc comments included) left out.
    (sed 's://.*$::' "$file" |
      grep -oE '(crate|super)::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*)' || true) |
      awk -v from="$from" -v mods="$(echo "$modules" | tr '\n' ' ')" -v aliases="$aliases" '
        BEGIN {
          n = split(mods, m, " "); for (i = 1; i <= n; i++) known[m[i]] = 1
          n = split(aliases, a, "\n")
          for (i = 1; i <= n; i++) { split(a[i], p, " "); alias[p[1]] = p[2] }
        }
        function resolve(path,   seg, k, i, best, cur) {
          k = split(path, seg, "::")
          if (seg[1] in alias) {
            cur = alias[seg[1]]
          } else {
            cur = seg[1]
          }
          best = (cur in known) ? cur : ""
          for (i = 2; i <= k; i++) {
            cur = cur "::" seg[i]
            if (cur in known) best = cur
          }
          return best
        }
        {
          head = $0
          if (head ~ /^super::/) {
            parent = from; sub(/::[^:]*$/, "", parent)
            if (parent == from) parent = ""
            sub(/^super::/, "", head)
            head = (parent == "" ? "" : parent "::") head
          } else {
            sub(/^crate::/, "", head)
          }
          if (index(head, "{")) {
            base = substr(head, 1, index(head, "{") - 1)
            items = substr(head, index(head, "{") + 1); sub(/}$/, "", items)
            gsub(/[[:space:]]/, "", items)
            k = split(items, it, ",")
            for (i = 1; i <= k; i++) if (it[i] != "" && it[i] != "self") paths[base it[i]] = 1
            if (base != "") paths[substr(base, 1, length(base) - 2)] = 1
          } else {
            paths[head] = 1
          }
        }
        END {
          for (q in paths) {
            to = resolve(q)
            if (to != "" && to != from) print from, to
          }
        }'
  done | sort -u
}

# Whether `tsort` finds a cycle among the edges on stdin; prints it.
acyclic() { # label
  local out
  if ! out=$(tsort 2>&1 >/dev/null); then
    fail "$1: import cycles (each: the modules on it): $(echo "$out" | sed 's/^tsort: //; s/^-: input contains a loop:/|/' | tr '\n' ' ')"
  else
    say "$1: no cycle"
  fi
}

part_of() { echo "${1%%::*}"; }

# --- dsl/src
dsl=$(edges dsl/src)
say "== dsl/src: module edges (from -> to)"
say "$dsl" | sed 's/ / -> /'
acyclic "dsl/src modules" <<<"$dsl"
parts=$(echo "$dsl" | while read -r from to; do
  a=$(part_of "$from") b=$(part_of "$to")
  if [ "$a" != "$b" ]; then echo "$a $b"; fi
done | sort -u)
say "== dsl/src: part edges"
say "$parts" | sed 's/ / -> /'
acyclic "dsl/src parts" <<<"$parts"
while read -r a b; do
  [ -z "$a" ] && continue
  if [ -z "${DSL_MAY_USE[$a]+x}" ]; then
    fail "dsl/src: part $a is not in DSL_MAY_USE (scripts/check_layout.sh)"
  elif ! [[ " ${DSL_MAY_USE[$a]} " == *" $b "* ]]; then
    fail "dsl/src: $a uses $b, which its mod.rs does not allow ($(echo "$dsl" | awk -v a="$a" -v b="$b" '
      { split($1, x, "::"); split($2, y, "::") } x[1] == a && y[1] == b { printf "%s -> %s; ", $1, $2 }'))"
  fi
done <<<"$parts"
for dir in dsl/src/*/; do
  part=$(basename "$dir")
  [ -n "${DSL_MAY_USE[$part]+x}" ] || fail "dsl/src: part $part is not in DSL_MAY_USE (scripts/check_layout.sh)"
done

# --- checker/src
checker=$(edges checker/src)
say "== checker/src: module edges"
say "$checker" | sed 's/ / -> /'
acyclic "checker/src modules" <<<"$checker"
while read -r from to; do
  [ -z "$from" ] && continue
  a=${CHECKER_STAGE[$from]-} b=${CHECKER_STAGE[$to]-}
  if [ -z "$a" ] || [ -z "$b" ]; then
    fail "checker/src: $from or $to has no stage in CHECKER_STAGE (scripts/check_layout.sh)"
  elif [ "$b" -gt "$a" ]; then
    fail "checker/src: $from (stage $a) uses $to (stage $b), a later stage"
  fi
done <<<"$checker"
for file in $(find checker/src -name '*.rs'); do
  m=$(module_of checker/src "$file")
  [ -z "$m" ] && continue
  [ -n "${CHECKER_STAGE[${m%%::*}]+x}" ] || fail "checker/src: $m has no stage in CHECKER_STAGE (scripts/check_layout.sh)"
done

[ $status -eq 0 ] && echo "layout: ok" || echo "layout: FAILED"
exit $status
