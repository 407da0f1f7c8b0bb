"""The frame laid out alone, in one piece and in slices: seconds and peak memory of each.

    python benchmarks/frame_memory.py 1000 [config.toml]

Each layout runs in a fresh process, as in a worker: the peak resident size includes Python,
WeasyPrint and the frame's job, like the benchmark's "worker" column.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

LAYOUT = r"""
import dataclasses, pickle, resource, sys, time
from newsreport.engine._frame import render_frame
with open(sys.argv[1], "rb") as file:
    job = pickle.load(file)
if sys.argv[2] == "whole":
    job = dataclasses.replace(job, entries=10**9)
started = time.perf_counter()
result = render_frame(job)
print(f"{sys.argv[2]:>6}: {time.perf_counter() - started:6.1f}s "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:5d} MB "
      f"{result.pdf.pages:5d} pages")
"""


def main(count: int, config: str | None) -> None:
    import dataclasses
    import logging
    import pickle
    import tempfile

    logging.getLogger("newsreport").setLevel(logging.ERROR)  # the corpus's images left out

    sys.path.insert(0, str(HERE))
    from corpus import make_articles

    from newsreport._resources import templates_dir
    from newsreport.engine._finish import Finish
    from newsreport.engine._frame import CONTENTS_SLICE, FrameJob
    from newsreport.engine._jobs import PartJob
    from newsreport.engine._parts import frame_context, without_bodies
    from newsreport.engine._templates import part_css, part_html
    from newsreport.render import _digest, allowed_folders, resolve_options
    from newsreport.view import document_view

    options = resolve_options(None, config)
    options = dataclasses.replace(
        options, print=dataclasses.replace(options.print, pdf_variant=None)
    )
    digest = _digest(make_articles(count), options)
    view = document_view(digest, options)
    context = frame_context(view, options)
    base_url = templates_dir().resolve().as_uri() + "/"
    part = PartJob(
        part_html(view, options, context),
        base_url,
        allowed_folders(digest, options),
        Finish(),
        True,
        part_css(view, options, context),
    )
    job = FrameJob(part, without_bodies(view), context, options, CONTENTS_SLICE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "job.pickle"
        path.write_bytes(pickle.dumps(job))
        print(f"frame of {count} articles ({options.template}):")
        for how in ("whole", "slices"):
            command = [sys.executable, "-c", LAYOUT, str(path), how]
            print(
                subprocess.run(command, capture_output=True, text=True, check=True).stdout, end=""
            )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000, sys.argv[2] if len(sys.argv) > 2 else None
    )
