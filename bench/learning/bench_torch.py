"""PyTorch CPU side of bench/learning/run.sh: the same SkipAutoencoder3d, input and step as LearningBench.
Usage: /usr/bin/python3 bench/learning/bench_torch.py ENC1,ENC2,ENC3 MIDDLE D H W REPEATS"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from skip_autoencoder import SkipAutoencoder3d  # noqa: E402

encoder = tuple(int(v) for v in sys.argv[1].split(","))
middle, d, h, w, repeats = (int(v) for v in sys.argv[2:7])
torch.set_num_threads(2)
torch.manual_seed(1)
model = SkipAutoencoder3d(encoder, middle)
x = (torch.rand(1, 1, d, h, w) < 0.3).float()
target = (torch.rand(1, 1, d, h, w) < 0.3).float()
adam = torch.optim.Adam(model.parameters(), lr=1e-3)
params = sum(p.numel() for p in model.parameters())
print(f"torch {torch.__version__}: {params} parameters, input 1x1x{d}x{h}x{w}, {torch.get_num_threads()} threads")


def best(action):
    """Best wall time of REPEATS runs after a warm-up, and the mean CPU time (all threads) per run."""
    action()
    times = []
    cpu = time.process_time()
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), (time.process_time() - cpu) / repeats


def forward():
    with torch.no_grad():
        model(x)


def train():
    adam.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), target)
    loss.backward()
    adam.step()


for label, action in (("forward", forward), ("train step", train)):
    wall, cpu = best(action)
    print(f"torch {label} best of {repeats}: {wall:.3f} s (mean CPU time {cpu:.3f} s)")
