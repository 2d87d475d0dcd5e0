#!/usr/bin/env bash
# Coverage-guided fuzzing of the normalizer, the scanner, the rule-file parser and the bundle
# loader (fuzz/fuzz_targets/), for FUZZ_SECONDS (default 30) per target: libFuzzer through
# cargo-fuzz, on the stable toolchain (`--sanitizer none`; AddressSanitizer would need nightly,
# and the code under test has no `unsafe`). Debug assertions are on, so overflows fail too.
#
# Before fuzzing, every input once found to fail is run again: they are kept, one file each,
# in tests/fuzz-crashes/<target>/. When a run finds a new one, libFuzzer names the file it wrote
# under target/fuzz/artifacts/<target>/: copy it into tests/fuzz-crashes/<target>/ with the fix.
#
# Seeds: the pattern fixtures (rule files) and their compiled bundle; the corpus grows in
# target/fuzz/corpus/ and is kept between runs on one machine. libFuzzer's random seed is
# FUZZ_SEED (default 1), so that a run from a clean clone is repeatable; set another to explore.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
seed=${FUZZ_SEED:-1}
version=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null | awk '{ print $2 }')" != "$version" ]; then
  cargo install cargo-fuzz --version "=$version" --locked
fi

work=target/fuzz
mkdir -p "$work/seeds/rules" "$work/seeds/bundle" "$work/seeds/text"
cp tests/fixtures/patterns/*/*.toml "$work/seeds/rules/"
target/release/tumar compile tests/fixtures/patterns -o "$work/seeds/bundle/patterns.bundle" > /dev/null
printf '%s\n' "send me a pic, don't tell mom" 'скинь фото, никому не говори' 'rasmingni yubor' \
  'ابعتلي صورتك' 's e n d  n u d e s' '4111 1111 1111 1111' > "$work/seeds/text/chat.txt"

fuzz() {
  cargo fuzz "$1" --fuzz-dir fuzz --target-dir "$work/build" --sanitizer none --debug-assertions "${@:2}"
}

for target in normalize scan rules bundle; do
  case $target in
    rules) seeds=("$work/seeds/rules") dict=(-dict=fuzz/dicts/rules.dict) ;;
    bundle) seeds=("$work/seeds/bundle") dict=() ;;
    *) seeds=("$work/seeds/text") dict=() ;;
  esac
  fuzz build "$target"
  crashes=tests/fuzz-crashes/$target
  if [ -n "$(ls -A "$crashes" 2>/dev/null)" ]; then
    echo "fuzz $target: replaying $(ls "$crashes" | wc -l) saved inputs"
    fuzz run "$target" "$crashes" -- -runs=0
  fi
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  log=$work/$target.log
  echo "fuzz $target: ${seconds} s (log: $log)"
  if ! fuzz run "$target" "$work/corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -seed="$seed" -max_len=65536 -artifact_prefix="$work/artifacts/$target/" -print_final_stats=1 "${dict[@]}" > "$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz $target: FAILED; the input is in $work/artifacts/$target/ (keep it in $crashes/ with the fix)" >&2
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|new_units_added)' "$log" | sed "s/^/  /"
done
