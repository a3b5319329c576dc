"""Writes tests/Cranio.Tests/Learning/Fixtures/skip_autoencoder_step.safetensors: a small SkipAutoencoder3d's weights
(PyTorch default initialisation, seed 0), an input and target, and what PyTorch computes from them: logits, the
BCE-with-logits loss and every parameter gradient, the soft Dice loss on sigmoid(logits) and its gradient with
respect to the logits, and the weights after one Adam step and after one Adadelta step.
Run from the repository root with the Debian interpreter: /usr/bin/python3 bench/learning/make_fixture.py
Never regenerate it to make a failing test pass."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from skip_autoencoder import SkipAutoencoder3d, write_safetensors  # noqa: E402

ENCODER, MIDDLE, DILATIONS = (3, 5, 4), 2, (1, 2, 3, 2)
SHAPE = (2, 1, 8, 16, 24)

torch.manual_seed(0)
model = SkipAutoencoder3d(ENCODER, MIDDLE, DILATIONS)
x = (torch.rand(SHAPE) < 0.4).float()
target = (torch.rand(SHAPE) < 0.4).float()
out = {}
for name, p in model.named_parameters():
    out["weights." + name] = p.detach().clone()
out["input"], out["target"] = x, target

logits = model(x)
loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
loss.backward()
out["logits"], out["loss"] = logits.detach(), loss.detach().reshape(1)
for name, p in model.named_parameters():
    out["grad." + name] = p.grad.detach().clone()

z = logits.detach().clone().requires_grad_(True)
p = torch.sigmoid(z)
dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
dice.backward()
out["dice"], out["dice_grad_logits"] = dice.detach().reshape(1), z.grad.detach()

adam = torch.optim.Adam(model.parameters(), lr=1e-3)
adam.step()
for name, q in model.named_parameters():
    out["adam." + name] = q.detach().clone()

with torch.no_grad():
    for name, q in model.named_parameters():
        q.copy_(out["weights." + name])
adadelta = torch.optim.Adadelta(model.parameters(), lr=1.0)
adadelta.step()
for name, q in model.named_parameters():
    out["adadelta." + name] = q.detach().clone()

meta = {
    "generator": "bench/learning/make_fixture.py",
    "torch": torch.__version__,
    "encoder_channels": ",".join(map(str, ENCODER)),
    "middle_channels": str(MIDDLE),
    "dilations": ",".join(map(str, DILATIONS)),
    "adam": "lr=1e-3 betas=(0.9,0.999) eps=1e-8",
    "adadelta": "lr=1.0 rho=0.9 eps=1e-6",
}
path = os.path.join("tests", "Cranio.Tests", "Learning", "Fixtures", "skip_autoencoder_step.safetensors")
write_safetensors(path, out, meta)
print(f"wrote {path}: {len(out)} tensors, loss {loss.item():.6f}, dice {dice.item():.6f}")
