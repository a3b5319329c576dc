"""PyTorch twin of Cranio.Learning.SkipAutoencoder3d (same layers, names and order), for the fixture and the benchmark."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SkipAutoencoder3d(nn.Module):
    def __init__(self, encoder=(8, 8, 8), middle=4, dilations=(2, 2, 2, 2), in_channels=1, out_channels=1):
        super().__init__()
        e, m, d = encoder, middle, dilations

        def conv(i, o, dil=1):
            return nn.Conv3d(i, o, 3, padding=dil, dilation=dil)

        self.enc1 = conv(in_channels, e[0])
        self.enc2 = conv(e[0], e[1])
        self.enc3 = conv(e[1], e[2])
        self.mid1 = conv(e[2], m, d[0])
        self.mid2 = conv(m, m, d[1])
        self.mid3 = conv(2 * m, m, d[2])
        self.mid4 = conv(2 * m, m, d[3])
        self.dec4 = conv(m + e[2], e[2])
        self.dec3 = conv(2 * e[2], e[2])
        self.dec2 = conv(e[2] + e[1], e[1])
        self.dec1 = conv(e[1] + e[0], e[0])
        self.head = conv(e[0], out_channels)

    def forward(self, x):
        pool = lambda t: F.max_pool3d(t, 2)
        up = lambda t: F.interpolate(t, scale_factor=2, mode="nearest")
        cat = lambda a, b: torch.cat([a, b], dim=1)
        e1 = F.relu(self.enc1(x))
        e2 = F.relu(self.enc2(pool(e1)))
        e3 = F.relu(self.enc3(pool(e2)))
        p3 = pool(e3)
        m1 = F.relu(self.mid1(p3))
        m2 = F.relu(self.mid2(m1))
        m3 = F.relu(self.mid3(cat(m1, m2)))
        m4 = F.relu(self.mid4(cat(m2, m3)))
        u4 = F.relu(self.dec4(cat(m4, p3)))
        u3 = F.relu(self.dec3(cat(up(u4), e3)))
        u2 = F.relu(self.dec2(cat(up(u3), e2)))
        u1 = F.relu(self.dec1(cat(up(u2), e1)))
        return self.head(u1)


def write_safetensors(path, tensors, metadata):
    """Minimal safetensors writer (F32 only): 8-byte LE header length, JSON header padded to 8, raw data."""
    import json
    import struct
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
