"""A small real video for the demo (TikTok wants 23-60 fps and sides of at least 360 px)."""

from __future__ import annotations

from pathlib import Path

import av


def small_video(folder: Path, *, seconds: int = 2, fps: int = 30) -> Path:
    path = folder / "gamontj-demo.mp4"
    with av.open(str(path), "w", format="mp4") as output:
        stream = output.add_stream("libx264", rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = 360, 640, "yuv420p"
        for index in range(seconds * fps):
            frame = av.VideoFrame(360, 640, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([(index * 8) % 256]) * plane.buffer_size)
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return path
