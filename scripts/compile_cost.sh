#!/usr/bin/env bash
# What #[derive(Relations)] costs at `cargo check`.
#
# Generates, under target/compile-cost/, one schema of 40 tables (migrations,
# Diesel schema) and two crates over it with the same 40 models: `plain`
# derives Diesel's Queryable, Selectable and Identifiable; `relations` also
# derives Relations with 118 relationships (a many-to-one and its collection
# per model, one-to-ones, self-referential trees, many-to-manys, backrefs),
# every check of the checker included (the migrations are read). Both build
# their dependencies first; then each crate is checked RUNS times after a
# touch, alternating, and the medians are compared: once as `cargo check`
# runs by default (incremental), once from scratch (CARGO_INCREMENTAL=0).
#
#   scripts/compile_cost.sh            # RUNS=5 by default
#   RUNS=9 scripts/compile_cost.sh
#   BASE=93d2139 scripts/compile_cost.sh
#   INSTRUCTIONS=0 scripts/compile_cost.sh   # skip the instruction count
#
# Where valgrind is installed, it also counts the instructions rustc
# executes checking each crate, incrementally (after a touch, the cache
# warm) and from scratch (cachegrind, through RUSTC_WRAPPER): unlike the
# clock, the count does not move with the machine's load, so it tells a
# change of a few percent apart.
#
# BASE=<git revision> adds a third crate, the same models with that
# revision's derive (e.g. the one before the checker's cross-model checks),
# to tell the checks' share from the rest of the generated code.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
OUT=$ROOT/target/compile-cost
MODELS=40

VARIANTS="plain relations"
[ -n "${BASE:-}" ] && VARIANTS="plain base relations"
rm -rf "$OUT/plain" "$OUT/base" "$OUT/base-src" "$OUT/relations" "$OUT/migrations"
mkdir -p "$OUT/migrations/2026-01-01-000001_schema"

# --- the schema: table i references table i-1 (parent_id); every 5th table
# has a self-referential manager_id; every 4th a UNIQUE owner_id (one-to-one
# from the previous table); every 10th a link table to the previous table.
sql=$OUT/migrations/2026-01-01-000001_schema/up.sql
schema=$OUT/schema.rs
: >"$sql"
: >"$schema"
tables=()
for i in $(seq 1 $MODELS); do
  t=t$i
  tables+=("$t")
  cols="    id INTEGER PRIMARY KEY NOT NULL,\n    name TEXT NOT NULL"
  dcols="        id -> Integer,\n        name -> Text,"
  if [ "$i" -gt 1 ]; then
    cols+=",\n    parent_id INTEGER NOT NULL REFERENCES t$((i - 1)) (id)"
    dcols+="\n        parent_id -> Integer,"
  fi
  if [ $((i % 5)) -eq 0 ]; then
    cols+=",\n    manager_id INTEGER REFERENCES $t (id)"
    dcols+="\n        manager_id -> Nullable<Integer>,"
  fi
  if [ $((i % 4)) -eq 0 ]; then
    cols+=",\n    owner_id INTEGER UNIQUE REFERENCES t$((i - 1)) (id)"
    dcols+="\n        owner_id -> Nullable<Integer>,"
  fi
  printf "CREATE TABLE %s (\n%b\n);\n\n" "$t" "$cols" >>"$sql"
  printf "diesel::table! {\n    %s (id) {\n%b\n    }\n}\n\n" "$t" "$dcols" >>"$schema"
  if [ $((i % 10)) -eq 0 ]; then
    l=l$i
    tables+=("$l")
    printf "CREATE TABLE %s (\n    a_id INTEGER NOT NULL REFERENCES t%s (id),\n    b_id INTEGER NOT NULL REFERENCES %s (id),\n    PRIMARY KEY (a_id, b_id)\n);\n\n" "$l" "$((i - 1))" "$t" >>"$sql"
    printf "diesel::table! {\n    %s (a_id, b_id) {\n        a_id -> Integer,\n        b_id -> Integer,\n    }\n}\n\n" "$l" >>"$schema"
  fi
done
# print-schema writes a joinable! for each pair linked by exactly one key.
for i in $(seq 2 $MODELS); do
  if [ $((i % 4)) -ne 0 ]; then
    echo "diesel::joinable!(t$i -> t$((i - 1)) (parent_id));" >>"$schema"
  fi
  if [ $((i % 10)) -eq 0 ]; then
    echo "diesel::joinable!(l$i -> t$((i - 1)) (a_id));" >>"$schema"
    echo "diesel::joinable!(l$i -> t$i (b_id));" >>"$schema"
  fi
done
echo "diesel::allow_tables_to_appear_in_same_query!($(IFS=,; echo "${tables[*]}"));" >>"$schema"

# --- the models, with or without Relations.
models() { # relations: 1 or 0
  local rel=$1
  echo "use crate::schema::*;"
  echo "use diesel::prelude::*;"
  [ "$rel" = 1 ] && echo "use diesel_relations::Relations;"
  for i in $(seq 1 $MODELS); do
    local derive="Debug, Clone, Queryable, Selectable, Identifiable"
    [ "$rel" = 1 ] && derive+=", Relations"
    echo
    echo "#[derive($derive)]"
    echo "#[diesel(table_name = t$i)]"
    if [ "$rel" = 1 ]; then
      [ "$i" -gt 1 ] && echo "#[relationship(parent: M$((i - 1)), foreign_key = parent_id, back_populates = children)]"
      [ "$i" -lt $MODELS ] && echo "#[relationship(children: Vec<M$((i + 1))>, back_populates = parent, order_by = t$((i + 1))::name)]"
      if [ $((i % 5)) -eq 0 ]; then
        echo "#[relationship(manager: Option<M$i>, foreign_key = manager_id, back_populates = reports)]"
        echo "#[relationship(reports: Vec<M$i>, back_populates = manager)]"
      fi
      if [ $((i % 4)) -eq 0 ]; then
        echo "#[relationship(owner: Option<M$((i - 1))>, foreign_key = owner_id, back_populates = owned)]"
      fi
      if [ $(((i + 1) % 4)) -eq 0 ] && [ "$i" -lt $MODELS ]; then
        echo "#[relationship(owned: Option<M$((i + 1))>, back_populates = owner)]"
      fi
      if [ $((i % 10)) -eq 0 ]; then
        echo "#[relationship(linked: Vec<M$((i - 1))>, secondary = l$i(b_id, a_id), backref = linked_back)]"
      fi
    fi
    echo "pub struct M$i {"
    echo "    pub id: i32,"
    echo "    pub name: String,"
    [ "$i" -gt 1 ] && echo "    pub parent_id: i32,"
    [ $((i % 5)) -eq 0 ] && echo "    pub manager_id: Option<i32>,"
    [ $((i % 4)) -eq 0 ] && echo "    pub owner_id: Option<i32>,"
    echo "}"
  done
}

if [ -n "${BASE:-}" ]; then
  mkdir -p "$OUT/base-src"
  git archive "$BASE" dsl checker Cargo.toml | tar -x -C "$OUT/base-src"
fi
for variant in $VARIANTS; do
  dir=$OUT/$variant
  mkdir -p "$dir/src"
  cp "$schema" "$dir/src/schema.rs"
  rel=1
  [ "$variant" = plain ] && rel=0
  dsl=$ROOT/dsl
  [ "$variant" = base ] && dsl=$OUT/base-src/dsl
  models $rel >"$dir/src/models.rs"
  printf 'pub mod models;\npub mod schema;\n' >"$dir/src/lib.rs"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "compile-cost-$variant"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
diesel = { version = "2.3", default-features = false, features = ["sqlite"] }
diesel-relations = { path = "$dsl" }

[workspace]
EOF
  printf '[migrations_directory]\ndir = "../migrations"\n' >"$dir/diesel.toml"
  cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
done

# The crates share the workspace's Cargo.lock: fetch what it locks once
# (a fresh machine has nothing), then every check runs offline.
cargo fetch -q
export CARGO_TARGET_DIR=$OUT/target
check() { (cd "$OUT/$1" && cargo check --offline -q 2>&1); }
echo "building dependencies ..."
for variant in $VARIANTS; do check $variant; done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() { # label
  for variant in $VARIANTS; do : >"$OUT/$variant.times"; done
  for _ in $(seq 1 "$RUNS"); do
    for variant in $VARIANTS; do
      touch "$OUT/$variant/src/lib.rs"
      start=$(date +%s.%N)
      check $variant
      end=$(date +%s.%N)
      echo "$end - $start" | bc >>"$OUT/$variant.times"
    done
  done
  plain=$(median <"$OUT/plain.times")
  line=$(printf '  %-26s %7.2f s' "$1" "$plain")
  for variant in $VARIANTS; do
    [ "$variant" = plain ] && continue
    t=$(median <"$OUT/$variant.times")
    line+=$(printf ' %7.2f s %+5.0f%%' "$t" "$(echo "($t / $plain - 1) * 100" | bc -l)")
  done
  echo "$line"
}

relationships=$(grep -c '^#\[relationship' "$OUT/relations/src/models.rs")
echo
echo "cargo check of $MODELS models, $relationships relationships, median of $RUNS runs:"
header=$(printf '  %-26s %9s' "" "without")
[ -n "${BASE:-}" ] && header+=$(printf ' %16s' "derive at $BASE")
header+=$(printf ' %16s' "with the derive")
echo "$header"
# As cargo runs by default, even where the caller exported CARGO_INCREMENTAL=0.
CARGO_INCREMENTAL=1 measure "incremental (the default)"
CARGO_INCREMENTAL=0 measure "from scratch"

# --- instructions: rustc checking each crate from scratch, under cachegrind.
if [ "${INSTRUCTIONS:-1}" != 0 ] && command -v valgrind >/dev/null; then
  wrapper=$OUT/count-instructions.sh
  cat >"$wrapper" <<'WRAP'
#!/usr/bin/env bash
# RUSTC_WRAPPER: rustc under cachegrind for the compile-cost crates only.
rustc=$1; shift
name=""; prev=""
for a in "$@"; do [ "$prev" = "--crate-name" ] && name=$a; prev=$a; done
case "$name" in
  compile_cost_*)
    exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      --log-file="$COMPILE_COST_OUT/$name.instructions" "$rustc" "$@" ;;
  *) exec "$rustc" "$@" ;;
esac
WRAP
  chmod +x "$wrapper"
  count() { # variant incremental(0|1) -> instructions
    # Incremental: a first check fills the cache, the counted one reuses it.
    touch "$OUT/$1/src/lib.rs"
    [ "$2" = 1 ] && (cd "$OUT/$1" && CARGO_INCREMENTAL=1 cargo check --offline -q 2>&1) && touch "$OUT/$1/src/lib.rs"
    (cd "$OUT/$1" && COMPILE_COST_OUT=$OUT RUSTC_WRAPPER=$wrapper CARGO_INCREMENTAL=$2 \
      cargo check --offline -q 2>&1)
    awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$OUT/compile_cost_${1//-/_}.instructions"
  }
  for mode in "1 incremental" "0 from scratch"; do
    incremental=${mode%% *}
    plain=$(count plain "$incremental")
    line=$(printf '  %-26s %7.2f G' "instructions, ${mode#* }" "$(echo "$plain / 10^9" | bc -l)")
    for variant in $VARIANTS; do
      [ "$variant" = plain ] && continue
      n=$(count "$variant" "$incremental")
      line+=$(printf ' %7.2f G %+5.1f%%' "$(echo "$n / 10^9" | bc -l)" "$(echo "($n / $plain - 1) * 100" | bc -l)")
    done
    echo "$line"
  done
fi
