"""Reproduces the seed tutorial's model and exports it to ONNX with a model card.

Recipe (the tutorial's): scikit-learn LogisticRegression(C=1/0.5, solver="liblinear", multi_class="auto",
random_state=42) on the 60 000 MNIST training images scaled to 0..1. With liblinear, "auto" means one-vs-rest.

The ONNX graph is built by hand with onnx.helper (skl2onnx is not packaged by Debian):
  pixels [N,784] float32 -> Gemm (decision function) -> Sigmoid -> divide by row sum -> probabilities [N,10]
                                                        \-> ArgMax -> label [N] int64
which is exactly scikit-learn's predict_proba for one-vs-rest, computed in float32.

The same recipe on Fashion-MNIST gives fashion-logreg (--dataset fashion-mnist --id fashion-logreg).

Writes models/<id>.onnx and models/<id>.card.json (--out elsewhere). Run with Debian's python3 (python3-sklearn,
python3-onnx), or everything at once with:
  npm run models:train
"""
import argparse
import json
import pathlib
import time

import numpy as np
import onnx
import sklearn
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix

from idx import load

HERE = pathlib.Path(__file__).resolve().parent
# Opset 12, not 13: onnxruntime-web's WebGL backend has ReduceSum only up to opset 12 (axes as an attribute).
OPSET = 12
NAMES = {
    "mnist": "Logistic regression (the seed tutorial's model)",
    "fashion-mnist": "Logistic regression (the seed tutorial's recipe on Fashion-MNIST)",
}


def export(model: LogisticRegression, model_id: str) -> onnx.ModelProto:
    classes, features = model.coef_.shape
    weights = numpy_helper.from_array(model.coef_.astype(np.float32), "coefficients")  # [C, 784]
    bias = numpy_helper.from_array(model.intercept_.astype(np.float32), "intercepts")  # [C]
    nodes = [
        helper.make_node("Gemm", ["pixels", "coefficients", "intercepts"], ["decision"], transB=1, name="decision_function"),
        helper.make_node("Sigmoid", ["decision"], ["one_vs_rest"], name="one_vs_rest_probability"),
        helper.make_node("ReduceSum", ["one_vs_rest"], ["row_sum"], axes=[1], keepdims=1, name="row_sum"),
        helper.make_node("Div", ["one_vs_rest", "row_sum"], ["probabilities"], name="normalise"),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0, name="predicted_label"),
    ]
    graph = helper.make_graph(
        nodes,
        model_id,
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", features])],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", classes]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        ],
        initializer=[weights, bias],
    )
    onnx_model = helper.make_model(
        graph,
        producer_name="mnist-eval models/train_logreg.py",
        producer_version=f"scikit-learn {sklearn.__version__}",
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model, full_check=True)
    return onnx_model


def float32_predict(model: LogisticRegression, x: np.ndarray) -> np.ndarray:
    """What the exported graph computes: the arg-max of the float32 decision function."""
    decision = x.astype(np.float32) @ model.coef_.astype(np.float32).T + model.intercept_.astype(np.float32)
    return decision.argmax(axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--id", default="mnist-logreg")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N images only (smoke runs)")
    parser.add_argument("--out", type=pathlib.Path, default=HERE)
    args = parser.parse_args()

    train_x, train_y = load(args.dataset, "train")
    test_x, test_y = load(args.dataset, "t10k")
    if args.limit:
        train_x, train_y = train_x[: args.limit], train_y[: args.limit]
    train_x = train_x.reshape(len(train_x), -1) / 255.0
    test_x = test_x.reshape(len(test_x), -1) / 255.0

    params = dict(C=1 / 0.5, solver="liblinear", multi_class="auto", random_state=42)
    started = time.time()
    model = LogisticRegression(**params).fit(train_x, train_y)
    seconds = time.time() - started
    print(f"trained in {seconds:.0f} s")

    sklearn_pred = model.predict(test_x)
    onnx_pred = float32_predict(model, test_x)
    matrix = confusion_matrix(test_y, onnx_pred, labels=list(range(len(model.classes_))))
    correct = int(np.trace(matrix))

    onnx_model = export(model, args.id)
    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / f"{args.id}.onnx"
    onnx.save(onnx_model, onnx_path)

    card = {
        "id": args.id,
        "name": NAMES.get(args.dataset, f"Logistic regression (the seed tutorial's recipe on {args.dataset})"),
        "file": onnx_path.name,
        "dataset": args.dataset,
        "training": {
            "script": "models/train_logreg.py",
            "estimator": "sklearn.linear_model.LogisticRegression",
            "params": params,
            "strategy": "one-vs-rest (liblinear with multi_class='auto')",
            "library": f"scikit-learn {sklearn.__version__}",
            "samples": int(len(train_x)),
            "seconds": round(seconds, 1),
        },
        "input": {"name": "pixels", "shape": ["N", 784], "type": "float32", "layout": "N,784"},
        "preprocessing": {"preset": "unit", "formula": "pixel / 255", "invert": False},
        "outputs": {"scores": "probabilities", "scoresAre": "probabilities", "label": "label"},
        "parameters": int(model.coef_.size + model.intercept_.size),
        "opset": OPSET,
        "test": {
            "samples": int(len(test_y)),
            "correct": correct,
            "accuracy": round(correct / len(test_y), 4),
            "confusionMatrix": matrix.tolist(),
            "measuredWith": "the exported graph's float32 arithmetic (numpy); onnxruntime reproduces it in tests",
            "sklearnFloat64Accuracy": round(float((sklearn_pred == test_y).mean()), 4),
            "predictionsDifferingFromSklearn": int((sklearn_pred != onnx_pred).sum()),
        },
    }
    (args.out / f"{args.id}.card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"{args.id}: accuracy {card['test']['accuracy']} ({correct}/{len(test_y)}), wrote {onnx_path}")


if __name__ == "__main__":
    main()
