"""The Dockerfile, compose file and Kubernetes manifests pass their linters and schemas.

No container engine runs where the tests run, so these are static checks: hadolint for the
Dockerfile, the compose specification's JSON schema, Kubernetes' OpenAPI schemas (strict) for
the manifests, and a cross-check that every JOBBOARD_* variable they set is a real setting.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jobboard.config import Settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
KUBERNETES_VERSION = "1.31.0"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)  # noqa: S603


def test_dockerfile_passes_hadolint() -> None:
    """hadolint finds nothing to warn about."""
    result = _run(str(BIN / "hadolint"), "--failure-threshold", "info", "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_matches_the_compose_specification() -> None:
    """docker-compose.yml validates against the compose-spec JSON schema."""
    result = _run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.compose-spec",
        "docker-compose.yml",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "manifest", [m for m in MANIFESTS if m.name != "kustomization.yaml"], ids=lambda m: m.name
)
def test_manifest_is_valid_kubernetes(manifest: Path) -> None:
    """Each manifest validates strictly (no unknown fields) against Kubernetes' schemas."""
    result = _run(
        str(BIN / "kubernetes-validate"),
        "--strict",
        "--kubernetes-version",
        KUBERNETES_VERSION,
        str(manifest),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_kustomization_lists_every_manifest_but_the_example_secret() -> None:
    """Nothing is forgotten by `kubectl apply -k`, and the example secret is never applied."""
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    expected = {m.name for m in MANIFESTS} - {"kustomization.yaml", "secret.example.yaml"}
    assert listed == expected


def _jobboard_variables() -> set[str]:
    names: set[str] = set()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    names |= set(compose["x-jobboard-env"])
    for manifest in MANIFESTS:
        for document in yaml.safe_load_all(manifest.read_text()):
            if document and document.get("kind") in ("ConfigMap", "Secret"):
                data = document.get("data") or document.get("stringData") or {}
                names |= {key for key in data if key.startswith("JOBBOARD_")}
            if document and document.get("kind") == "Deployment":
                for container in document["spec"]["template"]["spec"]["containers"]:
                    names |= {
                        entry["name"]
                        for entry in container.get("env", [])
                        if entry["name"].startswith("JOBBOARD_")
                    }
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        names |= {word.split("=")[0] for word in line.split() if word.startswith("JOBBOARD_")}
    return names


def test_deployment_files_only_set_real_settings() -> None:
    """A misspelt JOBBOARD_ variable would be silently ignored; none is."""
    known = {f"JOBBOARD_{name.upper()}" for name in Settings.model_fields}
    used = _jobboard_variables()
    assert used, "no JOBBOARD_ variables found"
    assert used <= known, sorted(used - known)


def test_image_command_is_a_real_cli_command() -> None:
    """The image starts `jobboard serve`, which the CLI defines."""
    from typer.testing import CliRunner

    from jobboard.cli import app

    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["jobboard", "serve", "--no-migrate"' in dockerfile
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--migrate" in result.output


def test_workers_run_the_worker_command() -> None:
    """The compose worker service and the worker Deployment start `jobboard worker`, which
    the CLI defines, and give running tasks longer to stop than the worker's grace time."""
    from typer.testing import CliRunner

    from jobboard.cli import app

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["worker"]["command"] == ["jobboard", "worker"]
    deployment = yaml.safe_load((ROOT / "deploy" / "k8s" / "worker-deployment.yaml").read_text())
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["command"] == ["jobboard", "worker"]
    grace = {entry["name"]: entry["value"] for entry in container["env"]}
    assert pod["terminationGracePeriodSeconds"] > float(
        grace["JOBBOARD_WORKER_SHUTDOWN_GRACE_SECONDS"]
    )
    result = CliRunner().invoke(app, ["worker", "--help"])
    assert result.exit_code == 0
    assert "--concurrency" in result.output


def test_production_deployments_set_the_public_url() -> None:
    """Production refuses to start without JOBBOARD_PUBLIC_URL: the compose file demands it
    (no silent default); the Kubernetes ConfigMap names the Ingress's host over https, and
    every process (API, worker, migration) reads that ConfigMap."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-jobboard-env"]
    assert environment["JOBBOARD_ENV"] == "production"
    assert environment["JOBBOARD_PUBLIC_URL"].startswith("${JOBBOARD_PUBLIC_URL:?")
    documents = [
        document
        for manifest in MANIFESTS
        for document in yaml.safe_load_all(manifest.read_text())
        if document
    ]
    [config_map] = [d for d in documents if d["kind"] == "ConfigMap"]
    [ingress] = [d for d in documents if d["kind"] == "Ingress"]
    config = config_map["data"]
    assert config["JOBBOARD_ENV"] == "production"
    [rule] = ingress["spec"]["rules"]
    assert config["JOBBOARD_PUBLIC_URL"] == f"https://{rule['host']}"
    workloads = [d for d in documents if d["kind"] in ("Deployment", "Job")]
    assert len(workloads) == 3
    for workload in workloads:
        for container in workload["spec"]["template"]["spec"]["containers"]:
            sources = [source.get("configMapRef", {}) for source in container["envFrom"]]
            assert {"name": config_map["metadata"]["name"]} in sources, workload["metadata"]
