# syntax=docker/dockerfile:1
# The konspekt worker: faster-whisper and llama.cpp. Two targets:
#   gpu (the default): NVIDIA CUDA 12 + cuDNN 9 runtime, llama-cpp-python built with CUDA;
#   cpu: Debian slim, llama-cpp-python built for the CPU (`docker build --target cpu`).
# No model weights are baked in: the worker fetches ASR_MODEL and LLM_MODEL into MODEL_CACHE_DIR
# (a volume) at its first start.

ARG CUDA_VERSION=12.6.3
ARG UBUNTU_VERSION=24.04
ARG LLAMA_CPP_PYTHON_VERSION=0.3.36
# The GPU generations llama.cpp's kernels are compiled for: Turing, Ampere, Ada, Hopper.
ARG CUDA_ARCHITECTURES="75;80;86;89;90"

# --- GPU build: the devel image has nvcc; llama.cpp links against the driver stub. ---------------
FROM nvidia/cuda:${CUDA_VERSION}-cudnn-devel-ubuntu${UBUNTU_VERSION} AS gpu-builder
ARG LLAMA_CPP_PYTHON_VERSION
ARG CUDA_ARCHITECTURES
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv python3-dev build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml ./
RUN python3 -m venv /opt/venv \
    && python3 -c "import tomllib; project = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(project['dependencies'] + [d for d in project['optional-dependencies']['worker'] if not d.startswith('llama-cpp-python')]))" > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt
RUN ln -s /usr/local/cuda/lib64/stubs/libcuda.so /usr/local/cuda/lib64/stubs/libcuda.so.1 \
    && LD_LIBRARY_PATH=/usr/local/cuda/lib64/stubs \
       CMAKE_ARGS="-DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES}" \
       /opt/venv/bin/pip install "llama-cpp-python==${LLAMA_CPP_PYTHON_VERSION}"

# --- CPU build ------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS cpu-builder
ARG LLAMA_CPP_PYTHON_VERSION
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml ./
RUN python -m venv /opt/venv \
    && python -c "import tomllib; project = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(project['dependencies'] + [d for d in project['optional-dependencies']['worker'] if not d.startswith('llama-cpp-python')]))" > requirements.txt \
    && /opt/venv/bin/pip install -r requirements.txt \
    && /opt/venv/bin/pip install "llama-cpp-python==${LLAMA_CPP_PYTHON_VERSION}"

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
