#!/usr/bin/env bash
# Profiles one almanac build of a generated site with callgrind (and perf, when it works here).
#
#   bash Benchmarks/profile.sh [PAGES] [generate.py options…]
#   bash Benchmarks/profile.sh 300 --no-data     # Markdown, templates, check, write only
#   bash Benchmarks/profile.sh 200               # plus 50,000 CSV rows and 1 % data pages
#
# Builds a release almanac with debug info into .build-profile (separate from .build), then
# strips the DWARF from a copy: Debian's valgrind 3.19 can't read the DWARF 5 that Swift 6
# emits ("unhandled dwarf2 abbrev form code 0x25 … I can't recover"), and the ELF symbol table
# is enough for function names. Callgrind is ~50× slower than a normal run, so keep PAGES small.
# Results go to Benchmarks/work/profile-PAGES/: callgrind.out, inclusive.txt and self.txt (names
# demangled with `swift demangle`), and perf.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-200}
shift || true
out=Benchmarks/work/profile-$pages
mkdir -p "$out"

command -v valgrind >/dev/null || { apt-get update && apt-get install -y valgrind; }
swift build -c release --product almanac -Xswiftc -g --scratch-path .build-profile
objcopy --strip-debug .build-profile/release/almanac "$out/almanac"
python3 Benchmarks/generate.py --pages "$pages" --out "$out/site" "$@" >/dev/null

rm -rf "$out/output"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  "$out/almanac" build --source "$out/site/almanac" --output "$out/output"
callgrind_annotate --inclusive=yes --threshold=100 "$out/callgrind.out" \
  | swift demangle --simplified > "$out/inclusive.txt"
callgrind_annotate --threshold=100 "$out/callgrind.out" \
  | swift demangle --simplified > "$out/self.txt"

# perf: hardware counters are usually missing in VMs, so sample the cpu-clock software event.
if command -v perf >/dev/null && perf record -e cpu-clock -F 999 -o "$out/perf.data" \
  .build-profile/release/almanac build --source "$out/site/almanac" --output "$out/output-perf" \
  >/dev/null 2>&1; then
  perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null \
    | swift demangle --simplified > "$out/perf.txt"
fi

echo "Top inclusive (Almanac's own functions and libraries):"
grep -E '^ *[0-9,]+ \(' "$out/inclusive.txt" | grep -v -E 'ld-linux|below main|AlmanacCLI_main|swift_job_run|swift_task|future_adapter|thunk|AlmanacCommand|BuildCommand|partial apply|dispatch|start_thread|clone' | head -40
echo
echo "Top self cost:"
grep -E '^ *[0-9,]+ \(' "$out/self.txt" | head -25
