#!/usr/bin/env bash
# Create .venv (if missing) and install minionc with the locked dependencies.
# Idempotent and quiet when nothing changed; safe to run on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${MINIONC_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

# llama-cpp-python builds llama.cpp for this CPU. On CPUs with AMX (Sapphire
# Rapids and later) ggml's AMX kernels crash on Q4_K models, the embedded Gemma
# among them (SIGSEGV in ggml_backend_amx_mul_mat, llama.cpp issue 20824), so
# they are compiled out; everything else stays native. A CMAKE_ARGS of your own
# (a CUDA or Metal build, say) is used as it is.
NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
if [ "$(uname -m)" = x86_64 ] && [ -z "${CMAKE_ARGS:-}" ]; then
    export CMAKE_ARGS="-DCMAKE_C_FLAGS=\"$NO_AMX\" -DCMAKE_CXX_FLAGS=\"$NO_AMX\""
fi

if [ ! -x "$VENV/bin/python" ]; then
    echo "minionc: creating virtual environment in $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
# torch is only for converting models to MLX (requirements/lock-torch.txt): a
# default install leaves it out; the test command sets MINIONC_SETUP_TORCH=1.
WITH_TORCH="${MINIONC_SETUP_TORCH:-0}"
locks="requirements/lock.txt"
if [ "$WITH_TORCH" = 1 ]; then locks="$locks requirements/lock-torch.txt"; fi
# Re-install only when the lock files, the project metadata or this script changed.
stamp="$VENV/.minionc-installed"
want="$(cat requirements/pip.txt $locks pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "minionc: installing locked dependencies" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-hashes -r requirements/pip.txt
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-hashes -r requirements/lock.txt
    if [ "$WITH_TORCH" = 1 ]; then
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --require-hashes -r requirements/lock.txt -r requirements/lock-torch.txt
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
    # pip's wheel cache does not know build flags: a wheel it built earlier with
    # the AMX kernels would come back. Check the library itself, rebuild if so.
    if [ "$(uname -m)" = x86_64 ] && [ "${CMAKE_ARGS:-}" = "-DCMAKE_C_FLAGS=\"$NO_AMX\" -DCMAKE_CXX_FLAGS=\"$NO_AMX\"" ] \
        && "$VENV/bin/python" -c "import llama_cpp, sys; sys.exit(b'AMX_INT8 = 1' not in llama_cpp.llama_print_system_info())"; then
        echo "minionc: rebuilding llama-cpp-python without AMX kernels (about 5 minutes)" >&2
        grep -A1 '^llama-cpp-python==' requirements/lock.txt > "$VENV/llama-cpp-python.txt"
        "$VENV/bin/python" -m pip cache remove 'llama_cpp_python*' >/dev/null 2>&1 || true
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
            --force-reinstall --require-hashes -r "$VENV/llama-cpp-python.txt"
    fi
    echo "$want" > "$stamp"
fi
