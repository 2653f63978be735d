#!/usr/bin/python3
"""PyTorch side of the training-throughput comparison (run with Debian's python3-torch).

Same task as TrainingThroughput (C#): an nn.LSTM (one layer) with a Linear head over the last step,
cross-entropy over 10 classes, Adam, one optimizer step per mini-batch of random sequences.
Prints sequences per second for each configuration and thread count.

  /usr/bin/python3 trainer/bench/pytorch_train_throughput.py [--threads 1 2] [--seconds 5]
"""
import argparse
import time

import torch
from torch import nn

CONFIGS = [  # (hidden, steps, features, batch)
    (50, 20, 20, 32),
    (128, 100, 20, 32),
]


class Model(nn.Module):
    def __init__(self, features, hidden, classes):
        super().__init__()
        self.rnn = nn.LSTM(features, hidden)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        output, _ = self.rnn(x)
        return self.head(output[-1])


def measure(hidden, steps, features, batch, seconds):
    torch.manual_seed(1)
    model = Model(features, hidden, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(steps, batch, features)
    y = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    for _ in range(5):
        step()
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        count += 1
    elapsed = time.perf_counter() - start
    return count * batch / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(f"torch {torch.__version__}")
    for threads in args.threads:
        torch.set_num_threads(threads)
        for hidden, steps, features, batch in CONFIGS:
            rate = measure(hidden, steps, features, batch, args.seconds)
            print(f"pytorch threads={threads} hidden={hidden} steps={steps} features={features} batch={batch}: {rate:,.0f} sequences/s")


if __name__ == "__main__":
    main()
