#!/usr/bin/env sh
# Retrains every model of the zoo, in order, into models/ (the .onnx files and their cards), then has
# onnxruntime-node measure the new models so their cards state what the exported files give (models/measure.ts).
# Run it as `npm run models:train`, which first puts the training data in models/.data/ (npm run data -- --train).
# About 10 to 13 minutes on 2 cores; the trainings run under `nice` so the machine stays usable.
#
# mnist-logreg keeps the seed's pipeline unchanged: train_logreg.py measures it with the graph's float32
# arithmetic in numpy, which models/cards.test.ts checks against onnxruntime-node like every card.
set -eu
cd "$(dirname "$0")/.."

train() {
  echo "models: training $*"
  nice -n 10 sh models/python.sh "$@"
}
measure() {
  npx tsx models/measure.ts "$@"
}

train models/train_logreg.py --dataset mnist --id mnist-logreg

train models/train_cnn.py --dataset mnist --id mnist-cnn --epochs 6
measure models/mnist-cnn.card.json

train models/train_logreg.py --dataset fashion-mnist --id fashion-logreg
measure models/fashion-logreg.card.json

train models/train_cnn.py --dataset fashion-mnist --id fashion-cnn --epochs 12
measure models/fashion-cnn.card.json
