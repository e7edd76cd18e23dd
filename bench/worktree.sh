#!/usr/bin/env bash
# A worktree of one commit to run long benchmarks from, while main moves on:
#   bench/worktree.sh COMMIT DIR
# makes DIR (git worktree of COMMIT) with DIR/.shim/py (this checkout's .venv python
# importing minionc from DIR, not from main) and DIR/.venv/bin/minionc (the CLI the
# bench scripts call), so that the resumable bench scripts run there as they are:
#   cd DIR && PY=$PWD/.shim/py bench/pair_test.sh
# Results land under DIR/bench/results/: copy them into main and commit them as they
# land (not the caches). A results file only resumes under the same plan: benches
# refuse one written by another commit's programs (bench/e2e.py says so).
# Given a DIR that is already such a worktree, it moves it to COMMIT and links
# the shim again (modules added since are then found); a run in progress there
# should be stopped first.
set -euo pipefail
commit="${1:?usage: bench/worktree.sh COMMIT DIR}"
dir="${2:?usage: bench/worktree.sh COMMIT DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="$here/.venv/bin/python"
[ -x "$python" ] || { echo "bench/worktree.sh: run scripts/setup.sh first" >&2; exit 1; }
if [ -x "$dir/.shim/py" ]; then
    git -C "$dir" checkout --quiet --detach "$commit"
else
    git -C "$here" worktree add --detach "$dir" "$commit"
fi
dir="$(cd "$dir" && pwd)"
mkdir -p "$dir/.shim/minionc" "$dir/.venv/bin"
find "$dir/.shim/minionc" -maxdepth 1 -type l ! -exec test -e {} \; -delete  # gone since
for entry in "$dir"/minionc/*; do ln -sfn "$entry" "$dir/.shim/minionc/$(basename "$entry")"; done
for folder in compiler runtime grammar programs; do ln -sfn "$dir/$folder" "$dir/.shim/minionc/$folder"; done
printf '#!/usr/bin/env bash\nPYTHONPATH=%s/.shim exec %s -P "$@"\n' "$dir" "$python" > "$dir/.shim/py"
printf '#!/usr/bin/env bash\nexec %s/.shim/py -m minionc "$@"\n' "$dir" > "$dir/.venv/bin/minionc"
chmod +x "$dir/.shim/py" "$dir/.venv/bin/minionc"
"$dir/.shim/py" -c "import minionc, sys; sys.exit(not minionc.__file__.startswith('$dir'))" \
  || { echo "bench/worktree.sh: the shim does not import minionc from $dir" >&2; exit 1; }
echo "bench/worktree.sh: $dir at $(git -C "$dir" rev-parse --short HEAD); run benches with PY=$dir/.shim/py"
