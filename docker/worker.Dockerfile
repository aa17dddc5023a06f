# syntax=docker/dockerfile:1
# The konspekt worker: faster-whisper, openai-whisper and llama.cpp. Two targets:
#   gpu (the default): NVIDIA CUDA 12 + cuDNN 9 runtime, llama-cpp-python built with CUDA, and
#     PyTorch with CUDA plus openai-whisper (the pyproject extra) for ASR_ENGINE=openai-whisper|auto;
#   cpu: Debian slim, llama-cpp-python built for the CPU (`docker build --target cpu`): faster-whisper
#     only, no PyTorch (ASR_ENGINE=auto picks faster-whisper there).
# No model weights are baked in: the worker fetches ASR_MODEL and LLM_MODEL into MODEL_CACHE_DIR
# (a volume) at its first start.

ARG CUDA_VERSION=12.6.3
ARG UBUNTU_VERSION=24.04
ARG LLAMA_CPP_PYTHON_VERSION=0.3.36
# PyTorch from its own index, built for the image's CUDA 12.6 (PyPI's torch is built for another
# CUDA); check the index lists this version for the CUDA tag before raising either.
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cu126
# The GPU generations llama.cpp's kernels are compiled for: Turing, Ampere, Ada, Hopper.
ARG CUDA_ARCHITECTURES="75;80;86;89;90"
# llama.cpp's CPU code is compiled for a fixed baseline, never for the build machine's CPU:
# GGML_NATIVE (on by default) means -march=native, and an image built on one CPU dies with SIGILL on
# another. The baseline is x86-64-v3 (AVX2, FMA, F16C: Intel Haswell, AMD Zen and newer); build with
# these OFF for older hosts. Runtime dispatch (GGML_CPU_ALL_VARIANTS) needs GGML_BACKEND_DL, whose
# backends llama-cpp-python 0.3.36 never loads (it has no ggml_backend_load_all binding).
ARG LLAMA_CPU_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"

# --- GPU build: the devel image has nvcc; llama.cpp links against the driver stub. ---------------
FROM nvidia/cuda:${CUDA_VERSION}-cudnn-devel-ubuntu${UBUNTU_VERSION} AS gpu-builder
ARG LLAMA_CPP_PYTHON_VERSION
ARG CUDA_ARCHITECTURES
ARG LLAMA_CPU_CMAKE_ARGS
ARG TORCH_VERSION
ARG TORCH_INDEX_URL
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-dev build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml docker/requirements.py ./
RUN python3 -m venv /opt/venv \
    && python3 requirements.py worker > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt
# torch first, so that the openai-whisper extra finds it installed and never pulls PyPI's build.
RUN /opt/venv/bin/pip install --index-url "${TORCH_INDEX_URL}" "torch==${TORCH_VERSION}" \
    && python3 -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["openai-whisper"]))' > openai-whisper.txt \
    && /opt/venv/bin/pip install -r openai-whisper.txt
RUN ln -s /usr/local/cuda/lib64/stubs/libcuda.so /usr/local/cuda/lib64/stubs/libcuda.so.1 \
    && LD_LIBRARY_PATH=/usr/local/cuda/lib64/stubs \
       CMAKE_ARGS="-DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES} ${LLAMA_CPU_CMAKE_ARGS}" \
       /opt/venv/bin/pip install --no-binary llama-cpp-python "llama-cpp-python==${LLAMA_CPP_PYTHON_VERSION}"

# --- CPU build ------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS cpu-builder
ARG LLAMA_CPP_PYTHON_VERSION
ARG LLAMA_CPU_CMAKE_ARGS
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml docker/requirements.py ./
RUN python -m venv /opt/venv \
    && python requirements.py worker > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt \
    && CMAKE_ARGS="${LLAMA_CPU_CMAKE_ARGS}" \
       /opt/venv/bin/pip install --no-binary llama-cpp-python "llama-cpp-python==${LLAMA_CPP_PYTHON_VERSION}"

# --- CPU runtime ----------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS cpu
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/data \
    MODEL_CACHE_DIR=/models \
    HF_HOME=/models/huggingface \
    ASR_DEVICE=cpu \
    LLM_GPU_LAYERS=0
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 konspekt \
    && useradd --system --uid 10001 --gid konspekt --home-dir /app --shell /usr/sbin/nologin konspekt \
    && mkdir /data /models \
    && chown konspekt:konspekt /data /models
COPY --from=cpu-builder /opt/venv /opt/venv
WORKDIR /app
COPY app/ app/
COPY dbschema/ dbschema/
COPY scripts/worker scripts/worker
USER 10001:10001
VOLUME ["/data", "/models"]
EXPOSE 9100
CMD ["scripts/worker"]

# --- GPU runtime (the default target) ---------------------------------------------------------------
FROM nvidia/cuda:${CUDA_VERSION}-cudnn-runtime-ubuntu${UBUNTU_VERSION} AS gpu
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/data \
    MODEL_CACHE_DIR=/models \
    HF_HOME=/models/huggingface \
    ASR_DEVICE=cuda \
    LLM_GPU_LAYERS=-1 \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 konspekt \
    && useradd --system --uid 10001 --gid konspekt --home-dir /app --shell /usr/sbin/nologin konspekt \
    && mkdir /data /models \
    && chown konspekt:konspekt /data /models
COPY --from=gpu-builder /opt/venv /opt/venv
WORKDIR /app
COPY app/ app/
COPY dbschema/ dbschema/
COPY scripts/worker scripts/worker
USER 10001:10001
VOLUME ["/data", "/models"]
EXPOSE 9100
CMD ["scripts/worker"]
