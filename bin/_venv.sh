# Sourced by bin/demo and bin/test: make sure .venv exists with the pinned dependencies.
# Re-installs only when pyproject.toml changed since the last install.
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "» creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv || { echo "python venv failed: on Debian, apt-get install python3-venv"; exit 1; }
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "» installing dependencies from pyproject.toml"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
