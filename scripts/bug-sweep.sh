#!/usr/bin/env bash
# For each bug variant of an algorithm: explore seeds 1..N until the first failure and
# print one row: bug, first failing seed, detecting checker, wall seconds.
# Usage: scripts/bug-sweep.sh IMPL [SEEDS_MAX=500] [extra explore options...]
set -u
impl=${1:?usage: scripts/bug-sweep.sh IMPL [SEEDS_MAX] [options...]}
max=${2:-500}
shift 2 2>/dev/null || shift $#
out=$(mktemp -d)
bugs=$(node bin/faultline.js list --json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const a=JSON.parse(s).algorithms.find(x=>x.name===process.argv[1]);console.log(a.bugs.map(b=>b.name).join(' '))})" "$impl")
printf '%-32s %-8s %-36s %s\n' bug seed checker wall_s
for bug in $bugs; do
  start=$(date +%s.%N)
  json=$(node bin/faultline.js explore --impl "$impl" --bug "$bug" --seeds "1..$max" --max-failures 1 --out "$out/$bug" --no-report --json "$@" 2>/dev/null)
  end=$(date +%s.%N)
  echo "$json" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);const f=r.failures[0];console.log([process.argv[1].padEnd(32),String(f?f.seed:'none').padEnd(8),(f?f.violations[0].checker:'-').padEnd(36),(Number(process.argv[2])).toFixed(1)].join(' '))})" "$bug" "$(echo "$end - $start" | bc)"
done
echo "records in $out"
