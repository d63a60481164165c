"""Log lines stay whole when several processes share one stderr, as the receiver's workers
do: every line is one JSON object."""

from __future__ import annotations

import json
import os
import subprocess
import sys

LINES = 2000
WRITERS = 4

CHILD = """
import sys
from goleash.bot import log
log.configure()
logger = log.get("test")
for i in range(int(sys.argv[1])):
    logger.info("test.line", i=i, writer=sys.argv[2], padding="x" * 40)
"""


def test_processes_sharing_stderr_write_whole_json_lines(tmp_path):
    out = tmp_path / "shared.log"
    out.touch()
    env = dict(os.environ, PYTHONUNBUFFERED="1")  # as deploy/Dockerfile runs the services
    writers = []
    for k in range(WRITERS):
        with open(out, "ab") as stream:  # each its own descriptor on one file, appending
            writers.append(subprocess.Popen([sys.executable, "-c", CHILD, str(LINES), str(k)], stderr=stream, env=env))
    for w in writers:
        assert w.wait(60) == 0
    lines = out.read_bytes().splitlines()
    events = [json.loads(line) for line in lines]  # a torn or merged line fails here
    assert len(events) == LINES * WRITERS
    assert {(e["writer"], e["i"]) for e in events} == {(str(k), i) for k in range(WRITERS) for i in range(LINES)}
