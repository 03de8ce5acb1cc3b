#!/usr/bin/env sh
# Runs a training script with a Python that has Debian's scikit-learn, onnx and numpy
# (apt-get install python3-sklearn python3-onnx python3-numpy). A pyenv or venv python3 earlier
# in PATH usually lacks them, so prefer the system interpreter when it has them.
for py in /usr/bin/python3 python3; do
  if "$py" -c 'import sklearn, onnx, numpy' 2>/dev/null; then exec "$py" "$@"; fi
done
echo "models: no python3 with scikit-learn, onnx and numpy; install them with: apt-get install -y python3-sklearn python3-onnx python3-numpy" >&2
exit 1
