#!/bin/sh
# The install steps, written once: `make install` runs them into .venv and the Dockerfile into the image.
# torch's CPU build goes first, at the version pyproject.toml pins (a resolver left to itself pulls a
# multi-GB CUDA build), then the package with its pinned dependencies.
#   sh install.sh PYTHON PIP_ARGUMENTS…   from the project folder, e.g.  sh install.sh .venv/bin/python -e '.[dev]'
set -eu
python=$1
shift
torch=$(sed -n 's/^ *"\(torch==[^"]*\)".*/\1/p' "$(dirname "$0")/pyproject.toml")
"$python" -m pip install -q --upgrade pip
"$python" -m pip install -q "$torch"
"$python" -m pip install -q "$@"
