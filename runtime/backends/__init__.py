"""Backend implementations, one module each (imported on demand, so that using
one does not import the others' heavy dependencies):

- `llamacpp.LlamaCppBackend`: GGUF models in-process through llama-cpp-python.
- `remote.LiteLLMBackend`: any LiteLLM provider over HTTP.
- `mlx_backend.MLXBackend`: MLX models through mlx-lm.

`minionc.runtime.models` picks the defaults (embedded model, loopback remote).
"""
