#!/usr/bin/env sh
# Runs a training script with a Python that has Debian's scikit-learn, onnx and numpy
# (apt-get install python3-sklearn python3-onnx python3-numpy), and PyTorch for the CNN script
# (apt-get install python3-torch). A pyenv or venv python3 earlier in PATH usually lacks them, so prefer the
# system interpreter when it has them.
needs='sklearn, onnx, numpy'
packages='python3-sklearn python3-onnx python3-numpy'
case "$1" in
  *train_cnn.py) needs="$needs, torch"; packages="$packages python3-torch" ;;
esac
for py in /usr/bin/python3 python3; do
  if "$py" -c "import $needs" 2>/dev/null; then exec "$py" "$@"; fi
done
echo "models: no python3 with $needs; install them with: apt-get install -y $packages" >&2
exit 1
