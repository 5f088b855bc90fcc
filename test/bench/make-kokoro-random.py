#!/usr/bin/env python3
"""Exports a Kokoro pack with Kokoro-82M's real architecture and random weights, for `npm run bench natural-voice`.

The bench needs the honest cost of a real Kokoro model on this CPU; no real model can be downloaded
here, and the cost of the model does not depend on what its weights learnt, only on its shape and on
how much audio it makes. So this builds Kokoro's own KModel (hexgrad/kokoro, kokoro/model.py) with
Kokoro-82M v1.0's config.json (hidden 512, style 128+128, PL-BERT 12 layers of 768, iSTFTNet
upsampling 10x6, n_fft 20, hop 5) and random weights, exports it as the timestamped export does
(input_ids, style, speed -> waveform, durations; opset 17, the STFT without complex numbers), and
writes the pack an install leaves: KEY.onnx, tokenizer.json (Kokoro's real vocabulary) and a voice's
style vectors. One thing is set rather than random: the duration head's bias, so each phoneme lasts
about 3 frames (75 ms) as in real speech; random durations would make every phoneme 0.6 s long.

Needs torch, onnx, transformers and loguru (pip install torch onnx transformers loguru) and Kokoro's
model code, which is not part of Aloud:
  git clone https://github.com/hexgrad/kokoro /tmp/kokoro
  python3 test/bench/make-kokoro-random.py --kokoro-src /tmp/kokoro
The pack (about 330 MB) goes to test/bench/models/kokoro-random-fp32/ (git-ignored).
"""
import argparse
import json
import math
import struct
import sys
import types
from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "fixtures" / "voices"

# Kokoro-82M v1.0's config.json, less its vocabulary (taken from the fixture's tokenizer.json).
CONFIG = {
    "istftnet": {"upsample_kernel_sizes": [20, 12], "upsample_rates": [10, 6], "gen_istft_hop_size": 5, "gen_istft_n_fft": 20,
                 "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5], [1, 3, 5]], "resblock_kernel_sizes": [3, 7, 11], "upsample_initial_channel": 512},
    "dim_in": 64, "dropout": 0.2, "hidden_dim": 512, "max_conv_dim": 512, "max_dur": 50, "multispeaker": True, "n_layer": 3, "n_mels": 80,
    "n_token": 178, "style_dim": 128, "text_encoder_kernel_size": 5,
    "plbert": {"hidden_size": 768, "num_attention_heads": 12, "intermediate_size": 2048, "max_position_embeddings": 512, "num_hidden_layers": 12, "dropout": 0.1},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kokoro-src", required=True, help="a hexgrad/kokoro checkout (the folder holding kokoro/)")
    parser.add_argument("--out", default=str(HERE / "models" / "kokoro-random-fp32"))
    args = parser.parse_args()

    # Only the model code: kokoro/__init__.py would import the G2P (misaki), which the model does not need.
    package = types.ModuleType("kokoro")
    package.__path__ = [str(Path(args.kokoro_src) / "kokoro")]
    sys.modules["kokoro"] = package
    import torch
    from transformers import AlbertConfig
    from kokoro.istftnet import Decoder
    from kokoro.modules import CustomAlbert, ProsodyPredictor, TextEncoder
    from kokoro.model import KModel, KModelForONNX

    torch.manual_seed(82)
    c = CONFIG
    model = KModel.__new__(KModel)
    torch.nn.Module.__init__(model)
    model.repo_id = "random"
    model.vocab = {}
    model.bert = CustomAlbert(AlbertConfig(vocab_size=c["n_token"], **c["plbert"]))
    model.bert_encoder = torch.nn.Linear(model.bert.config.hidden_size, c["hidden_dim"])
    model.context_length = model.bert.config.max_position_embeddings
    model.predictor = ProsodyPredictor(style_dim=c["style_dim"], d_hid=c["hidden_dim"], nlayers=c["n_layer"], max_dur=c["max_dur"], dropout=c["dropout"])
    model.text_encoder = TextEncoder(channels=c["hidden_dim"], kernel_size=c["text_encoder_kernel_size"], depth=c["n_layer"], n_symbols=c["n_token"])
    model.decoder = Decoder(dim_in=c["hidden_dim"], style_dim=c["style_dim"], dim_out=c["n_mels"], disable_complex=True, **c["istftnet"])
    with torch.no_grad():
        # sigmoid(b) * 50 bins = 3.3 frames a phoneme, whatever the input.
        model.predictor.duration_proj.linear_layer.weight.zero_()
        model.predictor.duration_proj.linear_layer.bias.fill_(math.log(0.066 / 0.934))
    model.eval()

    out = Path(args.out)
    key = out.name
    out.mkdir(parents=True, exist_ok=True)
    (out / "voices").mkdir(exist_ok=True)
    onnx_file = out / f"{key}.onnx"
    input_ids = torch.LongTensor([[0, *range(43, 91), 0]])
    style = torch.randn(1, 256)
    speed = torch.ones(1)
    torch.onnx.export(
        KModelForONNX(model).eval(), (input_ids, style, speed), str(onnx_file),
        input_names=["input_ids", "style", "speed"], output_names=["waveform", "durations"], opset_version=17,
        dynamic_axes={"input_ids": {1: "sequence_length"}, "waveform": {0: "num_samples"}, "durations": {0: "sequence_length"}},
        do_constant_folding=True, dynamo=False,
    )
    (out / "tokenizer.json").write_text((FIXTURES / "kokoro-tiny" / "tokenizer.json").read_text())
    rows = torch.randn(510, 256) * 0.15
    (out / "voices" / "af_heart.bin").write_bytes(b"".join(struct.pack("<256f", *row.tolist()) for row in rows))
    print(f"wrote {onnx_file} ({onnx_file.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
