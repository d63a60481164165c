"""A scenario can extend another and overlay only the files it changes."""

from ghsandbox import paths
from ghsandbox.state import Scenario

SCENARIOS = paths.sample_scenario().parent


def test_overlay_adds_its_files_and_keeps_the_parents():
    sample, config = Scenario(SCENARIOS / "sample"), Scenario(SCENARIOS / "config_base")
    for snap in ("base", "head"):
        parent, child = sample.snapshot(snap).files, config.snapshot(snap).files
        assert set(child) - set(parent) == {".github/goleash.yml"}
        assert {k: v for k, v in child.items() if k in parent} == parent


def test_overlay_settings_override_the_parents():
    sample, config = Scenario(SCENARIOS / "sample"), Scenario(SCENARIOS / "config_head")
    assert sample.heads == ["head", "head2"] and config.heads == ["head"]
    assert config.repo == sample.repo and config.installation_id == sample.installation_id
    # the head-only config leaves the base exactly as the sample's
    assert config.snapshot("base").files == sample.snapshot("base").files
