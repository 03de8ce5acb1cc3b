"""Trains a small convolutional network with PyTorch on MNIST or Fashion-MNIST and exports it to ONNX with a card.

Architecture (the same for both datasets; about 115 000 weights, under 0.5 MB as float32):
  pixels [N,1,28,28] -> Conv 5x5 (16) -> BatchNorm -> ReLU -> MaxPool 2
                     -> Conv 5x5 (32) -> BatchNorm -> ReLU -> MaxPool 2
                     -> Flatten -> Linear 1568->64 -> ReLU -> Dropout 0.25 -> Linear 64->10 -> logits [N,10]
Training: Adam with a one-cycle learning-rate schedule, cross-entropy, batch 128, fixed seed, CPU, fixed thread
count, no test-set peeking (a fixed number of epochs; the test set is only measured at the end). Pixels are
preprocessed in float32 exactly as the app's preset does (app/core/preprocess.ts), through the same 256-entry table.

Exported with torch.onnx.export at opset 13 with a dynamic batch dimension "N"; BatchNorm is folded into the
convolutions in eval mode, so the graph holds only Conv, Relu, MaxPool, Flatten/Reshape and Gemm, which
onnxruntime-web runs on WebAssembly and WebGL.

Writes <out>/<id>.onnx and <out>/<id>.card.json. The card's test figures are first those of the float32 torch
model; models/measure.ts then replaces them with what onnxruntime-node measures on the exported file
(models/train_all.sh does both). Run with Debian's python3 (python3-torch, python3-onnx, python3-numpy):
  sh models/python.sh models/train_cnn.py --dataset fashion-mnist --id fashion-cnn --epochs 12
"""
import argparse
import json
import pathlib
import random
import sys
import time

import numpy as np
import onnx

try:
    import torch
    from torch import nn
except ImportError:
    sys.exit("models: PyTorch is missing; install it with: apt-get install -y python3-torch")

from idx import load

HERE = pathlib.Path(__file__).resolve().parent
OPSET = 13  # run by onnxruntime-web on WebAssembly, WebGL and WebGPU
THREADS = 2  # fixed, so that float reductions (and thus the weights) do not depend on the machine's core count

# The app's presets (app/core/preprocess.ts): value = pixel * scale + offset, computed in double, stored as float32.
PRESETS = {
    "unit": ("pixel / 255", 1 / 255, 0.0),
    "raw": ("pixel (0 … 255)", 1.0, 0.0),
    "standard": ("(pixel / 255 − 0.1307) / 0.3081", 1 / 255 / 0.3081, -0.1307 / 0.3081),
    "symmetric": ("pixel / 127.5 − 1", 1 / 127.5, -1.0),
}
DEFAULT_PRESET = {"mnist": "standard", "fashion-mnist": "unit"}
NAMES = {"mnist": "Small CNN (MNIST digits)", "fashion-mnist": "Small CNN (Fashion-MNIST clothing)"}


class SmallCNN(nn.Module):
    def __init__(self, classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 5, padding=2, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5, padding=2, bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 64),
            nn.ReLU(),
            nn.Dropout(0.25),
            nn.Linear(64, classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def preprocess(images: np.ndarray, preset: str) -> torch.Tensor:
    """uint8 [N,28,28] -> float32 [N,1,28,28], bit for bit what the app's lookup table gives."""
    _, scale, offset = PRESETS[preset]
    table = (np.arange(256, dtype=np.float64) * scale + offset).astype(np.float32)
    return torch.from_numpy(table[images][:, None, :, :].copy())


def predict(model: nn.Module, x: torch.Tensor, batch: int = 1000) -> np.ndarray:
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i : i + batch]).argmax(dim=1) for i in range(0, len(x), batch)]).numpy()


def confusion(labels: np.ndarray, predicted: np.ndarray, classes: int) -> np.ndarray:
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels.astype(np.int64), predicted.astype(np.int64)), 1)
    return matrix


def export(model: nn.Module, path: pathlib.Path, model_id: str) -> onnx.ModelProto:
    model.eval()
    torch.onnx.export(
        model,
        torch.zeros(1, 1, 28, 28),
        str(path),
        input_names=["pixels"],
        output_names=["logits"],
        dynamic_axes={"pixels": {0: "N"}, "logits": {0: "N"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    onnx_model = onnx.load(str(path))
    onnx_model.graph.name = model_id
    onnx_model.producer_name = f"mnist-eval models/train_cnn.py (torch {torch.__version__})"
    onnx.checker.check_model(onnx_model, full_check=True)
    onnx.save(onnx_model, str(path))
    return onnx_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="mnist", choices=sorted(DEFAULT_PRESET))
    parser.add_argument("--id", default="mnist-cnn")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--preset", choices=sorted(PRESETS), help="preprocessing (default: standard for mnist, unit otherwise)")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N images only (smoke runs)")
    parser.add_argument("--out", type=pathlib.Path, default=HERE)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    preset = args.preset or DEFAULT_PRESET[args.dataset]

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)

    train_images, train_y = load(args.dataset, "train")
    test_images, test_y = load(args.dataset, "t10k")
    if args.limit:
        train_images, train_y = train_images[: args.limit], train_y[: args.limit]
    train_x, test_x = preprocess(train_images, preset), preprocess(test_images, preset)
    train_t = torch.from_numpy(train_y.astype(np.int64))
    classes = 10

    hyper = dict(optimizer="Adam", max_lr=0.003, weight_decay=0.0, schedule="OneCycleLR", batch_size=128, epochs=args.epochs)
    model = SmallCNN(classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=hyper["max_lr"])
    steps = (len(train_x) + hyper["batch_size"] - 1) // hyper["batch_size"]
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hyper["max_lr"], epochs=args.epochs, steps_per_epoch=steps)
    generator = torch.Generator().manual_seed(args.seed)
    loss_fn = nn.CrossEntropyLoss()

    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        total = 0.0
        for i in range(0, len(order), hyper["batch_size"]):
            batch = order[i : i + hyper["batch_size"]]
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[batch]), train_t[batch])
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(batch)
        print(f"{args.id}: epoch {epoch + 1}/{args.epochs} loss {total / len(train_x):.4f} ({time.time() - started:.0f} s)", flush=True)
    seconds = time.time() - started

    predicted = predict(model, test_x)
    matrix = confusion(test_y, predicted, classes)
    correct = int(np.trace(matrix))
    trainable = sum(p.numel() for p in model.parameters())

    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / f"{args.id}.onnx"
    onnx_model = export(model, onnx_path, args.id)
    exported = int(sum(np.prod(t.dims) for t in onnx_model.graph.initializer))
    ops = sorted({node.op_type for node in onnx_model.graph.node})

    card = {
        "id": args.id,
        "name": NAMES[args.dataset],
        "file": onnx_path.name,
        "dataset": args.dataset,
        "training": {
            "script": "models/train_cnn.py",
            "architecture": "Conv5x5(16)-BN-ReLU-MaxPool2, Conv5x5(32)-BN-ReLU-MaxPool2, Linear(1568,64)-ReLU-Dropout(0.25), Linear(64,10)",
            "hyperparameters": hyper,
            "loss": "cross-entropy",
            "augmentation": "none",
            "seed": args.seed,
            "threads": THREADS,
            "library": f"torch {torch.__version__}",
            "trainableParameters": trainable,
            "exportedOperators": ops,
            "samples": int(len(train_x)),
            "seconds": round(seconds, 1),
        },
        "input": {"name": "pixels", "shape": ["N", 1, 28, 28], "type": "float32", "layout": "N,1,28,28"},
        "preprocessing": {"preset": preset, "formula": PRESETS[preset][0], "invert": False},
        "outputs": {"scores": "logits", "scoresAre": "logits"},
        "parameters": exported,
        "opset": OPSET,
        "test": {
            "samples": int(len(test_y)),
            "correct": correct,
            "accuracy": round(correct / len(test_y), 4),
            "confusionMatrix": matrix.tolist(),
            "measuredWith": "torch float32, the trained model before export",
        },
    }
    (args.out / f"{args.id}.card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    size = onnx_path.stat().st_size
    print(f"{args.id}: torch float32 accuracy {card['test']['accuracy']} ({correct}/{len(test_y)}), "
          f"{exported} weights, {size} bytes, trained in {seconds:.0f} s, wrote {onnx_path}")


if __name__ == "__main__":
    main()
