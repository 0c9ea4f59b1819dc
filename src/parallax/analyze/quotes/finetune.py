"""Fine-tune the attribution encoder (neural.py) on word-piece sequences written by
neural_train.py, export it to ONNX and quantize it to int8. Needs torch and transformers (the
`[train]` extra); imports nothing else of Parallax so that it also runs alone on a GPU machine:

    python finetune.py TRAIN.jsonl DEV.jsonl ENCODER_DIR OUT_DIR [--epochs N] [--lr X]

Each line: {"task": 0 (cue) | 1 (role), "ids", "types", "first" (first piece of each word),
"labels" (per word: cue 0-2, role 0-4)}. One linear head of 8 columns: cue task columns 0-2,
role task 3-7. The word embeddings stay frozen (they are most of the weights; the task is
learnt by the layers above). Seeded; the epoch with the best dev span F1 is kept.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

SLICES = {0: (0, 3), 1: (3, 8)}   # head columns of each task
SEED = 13
DEFAULTS = {"epochs": 8, "lr": 1.5e-4, "batch": 64, "warmup": 0.06, "weight_decay": 0.01}   # chosen on PolNeAR dev


class Tagger(nn.Module):
    def __init__(self, encoder_dir: Path):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(encoder_dir), add_pooling_layer=False).float()
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.encoder.config.hidden_size, 8)

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        return self.head(self.dropout(h))


def load(path: Path) -> list[dict]:
    """Sequences of a JSON-lines file (gzipped when its name ends in .gz)."""
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def batches(data: list[dict], size: int, rng: random.Random, shuffle: bool = True) -> list[list[int]]:
    """Index batches of one task each, of similar lengths (less padding), in random order."""
    out = []
    for task in (0, 1):
        idx = [k for k, ex in enumerate(data) if ex["task"] == task]
        if shuffle:
            rng.shuffle(idx)
        for c in range(0, len(idx), size * 50):
            chunk = sorted(idx[c:c + size * 50], key=lambda k: len(data[k]["ids"]))
            out += [chunk[b:b + size] for b in range(0, len(chunk), size)]
    if shuffle:
        rng.shuffle(out)
    return out


def tensors(data: list[dict], rows: list[int], device):
    n = max(len(data[r]["ids"]) for r in rows)
    ids = torch.zeros((len(rows), n), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)
    for j, r in enumerate(rows):
        ex = data[r]
        k = len(ex["ids"])
        ids[j, :k] = torch.tensor(ex["ids"])
        types[j, :k] = torch.tensor(ex["types"])
        mask[j, :k] = 1
        labels[j, ex["first"]] = torch.tensor(ex["labels"])
    return ids.to(device), mask.to(device), types.to(device), labels.to(device)


def spans(labels: list[int], begin: int) -> set[tuple[int, int]]:
    """(start, end) word runs of a role coded begin (B-) / begin + 1 (I-)."""
    out, start = set(), None
    for k, lab in enumerate(list(labels) + [0]):
        if start is not None and lab != begin + 1:
            out.add((start, k))
            start = None
        if lab == begin or (lab == begin + 1 and start is None):
            start = k
    return out


def span_f1(gold: list[list[int]], pred: list[list[int]], begin: int) -> float:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs, ps = spans(g, begin), spans(p, begin)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def scores(data: list[dict], predict) -> dict[str, float]:
    """Exact word-span F1 of cues (cue sequences) and of contents and sources (role sequences
    of gold cues): a proxy of the brat scores for choosing settings."""
    preds = predict(data)
    out = {}
    for name, task, begin in (("cue", 0, 1), ("source", 1, 1), ("content", 1, 3)):
        rows = [k for k, ex in enumerate(data) if ex["task"] == task]
        out[name] = round(span_f1([data[k]["labels"] for k in rows], [preds[k] for k in rows], begin), 4)
    return out


def torch_predict(model: Tagger, device, size: int = 128):
    def predict(data: list[dict]) -> list[list[int]]:
        model.eval()
        out: list[list[int]] = [[] for _ in data]
        with torch.no_grad():
            for rows in batches(data, size, random.Random(0), shuffle=False):
                ids, mask, types, _ = tensors(data, rows, device)
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                    logits = model(ids, mask, types).float()
                for j, r in enumerate(rows):
                    a, b = SLICES[data[r]["task"]]
                    out[r] = logits[j, data[r]["first"], a:b].argmax(-1).tolist()
        model.train()
        return out
    return predict


def fit(train: list[dict], dev: list[dict] | None, encoder_dir: Path, log=print, epochs: int = 6,
        lr: float = 1e-4, batch: int = 32, warmup: float = 0.06, weight_decay: float = 0.01,
        seed: int = SEED, budget_s: float | None = None) -> tuple[Tagger, dict]:
    """Train; returns the model at its best dev epoch (the last one without dev) and its scores."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = Tagger(encoder_dir).to(device)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() > 1]
    rest = [p for p in params if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay}, {"params": rest, "weight_decay": 0.0}], lr=lr)
    rng = random.Random(seed)
    steps = epochs * len(batches(train, batch, random.Random(0)))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(warmup * steps, 1), max(0.0, (steps - s) / max(steps * (1 - warmup), 1))))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    best, best_state, t0 = None, None, time.time()
    for epoch in range(epochs):
        total, n = 0.0, 0
        for rows in batches(train, batch, rng):
            ids, mask, types, labels = tensors(train, rows, device)
            a, b = SLICES[train[rows[0]]["task"]]
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(ids, mask, types)[..., a:b]
            loss = loss_fn(logits.float().reshape(-1, b - a), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            n += 1
        result = {"epoch": epoch + 1, "loss": round(total / max(n, 1), 4), "s": round(time.time() - t0)}
        if dev:
            result.update(scores(dev, torch_predict(model, device)))
        log(json.dumps(result))
        key = sum(result.get(k, 0) for k in ("cue", "source", "content")) if dev else epoch
        if best is None or key > best[0]:
            best = (key, result)
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if budget_s and time.time() - t0 > budget_s:
            log(f"time budget reached after epoch {epoch + 1}")
            break
    model.load_state_dict(best_state)
    return model.cpu().eval(), best[1]


def export(model: Tagger, out_dir: Path) -> tuple[Path, Path]:
    """(fp32 ONNX, int8 ONNX); int8 quantizes the matrix products and the embedding tables."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out_dir / "attribution.fp32.onnx", out_dir / "attribution.int8.onnx"
    model = model.cpu().eval()
    ids = torch.tensor([[101, 2002, 2056, 102], [101, 2002, 102, 0]])
    mask, types = (ids > 0).long(), torch.zeros_like(ids)
    axes = {0: "batch", 1: "pieces"}
    torch.onnx.export(model, (ids, mask, types), str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["logits"], dynamic_axes={n: axes for n in ("input_ids", "attention_mask", "token_type_ids", "logits")},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])
    return fp32, int8


def onnx_predict(path: Path):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])

    def predict(data: list[dict]) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in data]
        for rows in batches(data, 64, random.Random(0), shuffle=False):
            ids, mask, types, _ = tensors(data, rows, torch.device("cpu"))
            logits = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()})[0]
            for j, r in enumerate(rows):
                a, b = SLICES[data[r]["task"]]
                out[r] = logits[j, data[r]["first"], a:b].argmax(-1).tolist()
        return out
    return predict


def run(train_file: Path, dev_file: Path | None, encoder_dir: Path, out_dir: Path, log=print, **settings) -> dict:
    """Fit, export, quantize; scores the int8 model on dev too (to see that int8 holds)."""
    train = load(train_file)
    dev = load(dev_file) if dev_file else None
    model, best = fit(train, dev, encoder_dir, log=log, **{**DEFAULTS, **settings})
    log(f"best: {json.dumps(best)}")
    _, int8 = export(model, out_dir)
    result = {"best": best}
    if dev:
        result["int8"] = scores(dev, onnx_predict(int8))
        log(f"int8 dev: {json.dumps(result['int8'])}")
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("train")
    p.add_argument("dev")
    p.add_argument("encoder")
    p.add_argument("out")
    p.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    p.add_argument("--lr", type=float, default=DEFAULTS["lr"])
    p.add_argument("--batch", type=int, default=DEFAULTS["batch"])
    p.add_argument("--limit", type=int, default=0, help="use only the first N sequences (a dry run)")
    p.add_argument("--budget", type=float, default=0, help="stop after the epoch that passes this many seconds")
    a = p.parse_args()
    tr, dv = load(Path(a.train)), load(Path(a.dev))
    if a.limit:
        tr, dv = tr[:a.limit] + [x for x in tr if x["task"] == 1][:a.limit], dv[:a.limit] + [x for x in dv if x["task"] == 1][:a.limit]
    mdl, bst = fit(tr, dv, Path(a.encoder), epochs=a.epochs, lr=a.lr, batch=a.batch, budget_s=a.budget or None)
    print("best:", json.dumps(bst), flush=True)
    Path(a.out).mkdir(parents=True, exist_ok=True)
    torch.save({k: v.half() for k, v in mdl.state_dict().items() if "word_embeddings" not in k}, Path(a.out) / "tuned.fp16.pt")
    _, q = export(mdl, Path(a.out))
    print("int8 dev:", json.dumps(scores(dv, onnx_predict(q))), flush=True)
