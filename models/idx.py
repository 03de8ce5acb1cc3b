"""Reads the gzip-compressed IDX files that `npm run data -- --train` puts in models/.data/<dataset>/."""
import gzip
import pathlib
import struct

import numpy as np

DATA = pathlib.Path(__file__).resolve().parent / ".data"


def read_idx(path: pathlib.Path) -> np.ndarray:
    raw = gzip.open(path, "rb").read()
    if raw[:2] != b"\0\0" or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    rank = raw[3]
    shape = struct.unpack(f">{rank}I", raw[4 : 4 + 4 * rank])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(dataset: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images as uint8 [N, 28, 28] and labels as uint8 [N] for split 'train' or 't10k'."""
    folder = DATA / dataset
    if not folder.exists():
        raise SystemExit(f"{folder} is missing: run `npm run data -- --train` first")
    images = read_idx(folder / f"{split}-images-idx3-ubyte.gz")
    labels = read_idx(folder / f"{split}-labels-idx1-ubyte.gz")
    return images, labels
