"""deploy/k8s/*.yaml against the Kubernetes JSON schemas shipped by kubernetes-validate
(dev extra; kubernetes_validate/kubernetes-json-schema/v<version>-local-strict/, generated from
Kubernetes' OpenAPI definitions, additionalProperties closed), for the oldest and newest
versions we claim."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as kv

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
VERSIONS = ("1.30.0", kv.latest_version())


def documents() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                docs.append((path.name, doc))
    return docs


def by_kind(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in documents() if d["kind"] == kind}


def schema_errors(doc: dict) -> list[str]:
    errors = []
    for version in VERSIONS:
        try:
            kv.validate(doc, version, strict=True)
        except kv.ValidationError as e:
            errors.append(f"{version}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        except kv.SchemaNotFoundError as e:
            errors.append(f"{version}: {e.message}")
    return errors


@pytest.mark.parametrize("name,doc", documents(), ids=lambda v: v if isinstance(v, str) else f"{v['kind']}/{v['metadata']['name']}")
def test_manifest_matches_the_kubernetes_schema(name, doc):
    assert schema_errors(doc) == []


def test_the_pieces_are_there():
    kinds = [d["kind"] for _, d in documents()]
    assert "Secret" not in kinds, "reference the Secret; never commit one"
    deployments = by_kind("Deployment")
    assert {"goleash-receiver", "goleash-worker-reviews", "goleash-worker-replays"} <= deployments.keys()
    assert by_kind("Service") and by_kind("PodDisruptionBudget") and by_kind("ConfigMap")


def _containers():
    for dep in by_kind("Deployment").values():
        for c in dep["spec"]["template"]["spec"]["containers"]:
            yield dep, c


def test_receiver_probes():
    dep = by_kind("Deployment")["goleash-receiver"]
    c = dep["spec"]["template"]["spec"]["containers"][0]
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    port_names = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert c["readinessProbe"]["httpGet"]["port"] in port_names
    svc = by_kind("Service")["goleash-receiver"]
    assert svc["spec"]["selector"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
    assert svc["spec"]["ports"][0]["targetPort"] in port_names


def test_worker_queues():
    deps = by_kind("Deployment")

    def q(name):
        cmd = deps[name]["spec"]["template"]["spec"]["containers"][0]["command"]
        return set(cmd[cmd.index("-Q") + 1].split(","))

    assert "reviews" in q("goleash-worker-reviews")
    assert q("goleash-worker-replays") == {"replays"}


def test_resources_security_and_references():
    configmaps = by_kind("ConfigMap")
    for dep, c in _containers():
        res = c["resources"]
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= res[kind].keys(), (dep["metadata"]["name"], kind)
        sc, pod = c["securityContext"], dep["spec"]["template"]["spec"]["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"]
        assert pod["runAsNonRoot"] is True
        for src in c.get("envFrom", []):
            assert src["configMapRef"]["name"] in configmaps
        secret_refs = {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", []) if "valueFrom" in e}
        assert secret_refs == {"goleash-github"}
        assert not any("value" in e and "SECRET" in e["name"] for e in c.get("env", []))
        key_file = configmaps["goleash-config"]["data"]["GITHUB_PRIVATE_KEY_FILE"]
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        assert str(Path(key_file).parent) in mounts


def test_pdbs_select_a_deployment():
    pods = [d["spec"]["template"]["metadata"]["labels"] for d in by_kind("Deployment").values()]
    for pdb in by_kind("PodDisruptionBudget").values():
        sel = pdb["spec"]["selector"]["matchLabels"]
        assert any(sel.items() <= labels.items() for labels in pods), pdb["metadata"]["name"]


def _receiver() -> dict:
    return copy.deepcopy(by_kind("Deployment")["goleash-receiver"])


def _pod(d):
    return d["spec"]["template"]["spec"]


BROKEN = {
    "misspelt field": lambda d: d["spec"].update(replica=2),
    "port as string list": lambda d: _pod(d)["containers"][0]["livenessProbe"]["httpGet"].update(port=["http"]),
    "replicas as string": lambda d: d["spec"].update(replicas="2"),
    "container without name": lambda d: _pod(d)["containers"][0].pop("name"),
    "unknown probe field": lambda d: _pod(d)["containers"][0]["readinessProbe"].update(path="/readyz"),
    "wrong apiVersion": lambda d: d.update(apiVersion="extensions/v1beta1"),
}


@pytest.mark.parametrize("label", sorted(BROKEN))
def test_broken_manifests_fail_the_schema(label):
    doc = _receiver()
    BROKEN[label](doc)
    assert schema_errors(doc), label
