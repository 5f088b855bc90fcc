#!/usr/bin/env python3
"""Exports a Piper voice with the real "medium" architecture and random weights, for `npm run bench natural-voice`.

The bench needs the honest cost of a real Piper model on this CPU; no real voice can be downloaded
here, and the cost of a VITS model does not depend on what its weights learnt, only on its shape and
on how much audio it makes. So this builds Piper's own SynthesizerTrn with the hyper-parameters of
Piper's medium quality (piper1-gpl, src/piper/train/vits/lightning.py defaults: 22050 Hz, hop 256,
hidden 192, 6 layers, resblock 2, upsample 8x8x4 from 256 channels) and random weights, and exports
it as Piper's export_onnx.py does (opset 15, the same inputs and outputs), with a .onnx.json beside.

Needs torch and onnx (pip install torch onnx) and Piper's training code, which is not part of Aloud:
  git clone https://github.com/OHF-Voice/piper1-gpl /tmp/piper1-gpl
  python3 test/bench/make-piper-medium.py --piper-src /tmp/piper1-gpl/src
The model (about 60 MB) goes to test/bench/models/ (git-ignored).
"""
import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--piper-src", required=True, help="the src folder of a piper1-gpl checkout")
    parser.add_argument("--out", default=str(HERE / "models" / "en_US-randommedium-medium.onnx"))
    args = parser.parse_args()

    # Only the model code (torch alone), not the piper package (it needs a compiled espeak bridge).
    sys.path.insert(0, str(Path(args.piper_src) / "piper" / "train"))
    import torch
    from vits.models import SynthesizerTrn  # type: ignore

    symbols = json.loads((HERE.parent / "fixtures" / "voices" / "en_US-tiny-low.onnx.json").read_text())["phoneme_id_map"]
    torch.manual_seed(1234)
    model = SynthesizerTrn(
        n_vocab=256,
        spec_channels=1024 // 2 + 1,
        segment_size=8192 // 256,
        inter_channels=192,
        hidden_channels=192,
        filter_channels=768,
        n_heads=2,
        n_layers=6,
        kernel_size=3,
        p_dropout=0.1,
        resblock="2",
        resblock_kernel_sizes=(3, 5, 7),
        resblock_dilation_sizes=((1, 2), (2, 6), (3, 12)),
        upsample_rates=(8, 8, 4),
        upsample_initial_channel=256,
        upsample_kernel_sizes=(16, 16, 8),
        n_speakers=1,
        gin_channels=0,
        use_sdp=True,
    )
    model.eval()
    with torch.no_grad():
        model.dec.remove_weight_norm()

    def infer_forward(text, text_lengths, scales, sid=None):
        return model.infer(text, text_lengths, noise_scale=scales[0], length_scale=scales[1], noise_scale_w=scales[2], sid=sid)[0].unsqueeze(1)

    model.forward = infer_forward
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sequences = torch.randint(low=0, high=len(symbols), size=(1, 50), dtype=torch.long)
    torch.onnx.export(
        model=model,
        args=(sequences, torch.LongTensor([50]), torch.FloatTensor([0.667, 1.0, 0.8]), None),
        f=str(out),
        opset_version=15,
        input_names=["input", "input_lengths", "scales", "sid"],
        output_names=["output"],
        dynamic_axes={"input": {0: "batch_size", 1: "phonemes"}, "input_lengths": {0: "batch_size"}, "output": {0: "batch_size", 2: "time"}},
        dynamo=False,
    )
    config = {
        "audio": {"sample_rate": 22050, "quality": "medium"},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US", "name_english": "English", "country_english": "United States"},
        "inference": {"noise_scale": 0.667, "length_scale": 1, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_id_map": symbols,
        "num_symbols": 256,
        "num_speakers": 1,
        "speaker_id_map": {},
        "hop_length": 256,
        "dataset": "randommedium",
    }
    Path(f"{out}.json").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) and its .onnx.json")


if __name__ == "__main__":
    main()
