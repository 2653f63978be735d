#!/usr/bin/env python3
"""Writes the example model used by the README's `recurrent run` command.

A 2-layer LSTM (4 inputs, hidden 16) with a Linear head, trained for a few seconds to predict the next
value of a sine wave from four noisy, phase-shifted copies of it. Everything is seeded, so a rerun with
the same PyTorch writes the same files:

  example-lstm.safetensors     the state_dict under "lstm." and "fc." (PyTorch's own names), float32
  example-input.npy            one sequence, shape (50, 1, 4): (seq, batch, features)
  example-expected-output.npy  what PyTorch computes for it, shape (50, 1, 1)

Needs only Debian's python3-torch and python3-numpy: the safetensors layout is written by hand below.
"""
import json
import math
import struct
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
INPUT_SIZE, HIDDEN, LAYERS, SEQ = 4, 16, 2, 50
PHASES = [0.0, 0.4, 0.8, 1.2]


class NextStepPredictor(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(INPUT_SIZE, HIDDEN, num_layers=LAYERS)
        self.fc = torch.nn.Linear(HIDDEN, 1)

    def forward(self, x):
        output, _ = self.lstm(x)
        return self.fc(output)


def noisy_sines(generator, start, length):
    """(length, 1, 4) noisy phase-shifted sines and the clean next value of the first one, (length, 1, 1)."""
    t = start + 0.2 * torch.arange(length + 1, dtype=torch.float64)
    clean = torch.stack([torch.sin(t + p) for p in PHASES], dim=-1)
    noise = 0.05 * torch.randn(clean.shape, generator=generator, dtype=torch.float64)
    inputs = (clean + noise)[:-1].unsqueeze(1).float()
    targets = clean[1:, 0].reshape(length, 1, 1).float()
    return inputs, targets


def save_safetensors(path, tensors, metadata):
    """safetensors layout: u64 header length, JSON header padded with spaces to 8 bytes, raw data."""
    header = {"__metadata__": metadata}
    chunks, offset = [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks))


def main():
    torch.manual_seed(7)
    generator = torch.Generator().manual_seed(11)
    model = NextStepPredictor()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(300):
        start = float(torch.rand(1, generator=generator)) * 2 * math.pi
        inputs, targets = noisy_sines(generator, start, SEQ)
        loss = torch.nn.functional.mse_loss(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    inputs, targets = noisy_sines(torch.Generator().manual_seed(2024), 0.0, SEQ)
    with torch.no_grad():
        expected = model(inputs)
    print(f"trained: mse on the example input {torch.nn.functional.mse_loss(expected, targets).item():.5f}")

    save_safetensors(
        HERE / "example-lstm.safetensors",
        model.state_dict(),
        {"recurrent.module": "lstm", "recurrent.head": "fc", "recurrent.head_activation": "none"},
    )
    np.save(HERE / "example-input.npy", inputs.numpy().astype("<f4"))
    np.save(HERE / "example-expected-output.npy", expected.numpy().astype("<f4"))
    print(f"wrote example-lstm.safetensors, example-input.npy {tuple(inputs.shape)}, "
          f"example-expected-output.npy {tuple(expected.shape)}")


if __name__ == "__main__":
    main()
