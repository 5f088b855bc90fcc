#!/usr/bin/env python3
"""Makes the q8 variant of the random Kokoro pack (make-kokoro-random.py), for `npm run bench natural-voice`.

onnx-community's model_quantized.onnx is Kokoro's fp32 export with its weights quantized to 8 bits
by onnxruntime's dynamic quantization (its default operators: MatMul, Conv, LSTM, Gather and more).
This does the same to the random model, so the bench measures what the q8 variant costs here.

Needs onnxruntime (pip install onnxruntime), after make-kokoro-random.py:
  python3 test/bench/quantize-kokoro.py
The pack (about 115 MB) goes to test/bench/models/kokoro-random-q8/ (git-ignored).
"""
import shutil
from pathlib import Path

from onnxruntime.quantization import QuantType, quantize_dynamic

MODELS = Path(__file__).parent / "models"
source = MODELS / "kokoro-random-fp32"
target = MODELS / "kokoro-random-q8"
(target / "voices").mkdir(parents=True, exist_ok=True)
quantize_dynamic(source / "kokoro-random-fp32.onnx", target / "kokoro-random-q8.onnx", weight_type=QuantType.QUInt8)
shutil.copy(source / "tokenizer.json", target / "tokenizer.json")
for style in (source / "voices").glob("*.bin"):
    shutil.copy(style, target / "voices" / style.name)
print(f"wrote {target / 'kokoro-random-q8.onnx'} ({(target / 'kokoro-random-q8.onnx').stat().st_size / 1e6:.1f} MB)")
