"""Draw the two example images used by the sample articles (deterministic, no text).

    python examples/articles/images/make_images.py

writes rainfall-chart.png (a monthly bar chart) and service-counter.png (a flat illustration
of a service counter with a touch screen) next to this script, as small palette PNGs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 700
HERE = Path(__file__).resolve().parent


def _save(image: Image.Image, name: str) -> None:
    """Save as a small palette PNG: the drawings use only a couple of dozen flat colours."""
    palette_image = image.quantize(
        colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    palette_image.save(HERE / name, optimize=True)


def rainfall_chart() -> Image.Image:
    """Twelve monthly bars over a light grid, dry months in a second colour, averages as ticks."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#f7f9fb")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 110, 1130, 70, 610
    for step in range(6):
        y = bottom - step * (bottom - top) // 5
        draw.line([(left, y), (right, y)], fill="#dde3ea", width=2)
    draw.line([(left, top - 10), (left, bottom)], fill="#5b6770", width=4)
    draw.line([(left, bottom), (right + 10, bottom)], fill="#5b6770", width=4)
    # Monthly rainfall as a share of the tallest month: a wet winter, a dry summer.
    values = [0.92, 0.80, 0.63, 0.41, 0.22, 0.07, 0.03, 0.05, 0.16, 0.38, 0.66, 0.85]
    averages = [1.00, 0.88, 0.72, 0.50, 0.30, 0.10, 0.05, 0.07, 0.22, 0.47, 0.75, 0.95]
    slot = (right - left) // len(values)
    bar = int(slot * 0.56)
    for index, (value, average) in enumerate(zip(values, averages, strict=True)):
        x0 = left + index * slot + (slot - bar) // 2
        height = int(value * (bottom - top - 20))
        colour = "#2f80c1" if value >= 0.3 else "#e39b2d"
        draw.rectangle([x0, bottom - height, x0 + bar, bottom - 2], fill=colour)
        # The long-term average as a short dark tick above or across each bar.
        y = bottom - int(average * (bottom - top - 20))
        draw.line([(x0 - 8, y), (x0 + bar + 8, y)], fill="#1f2d3a", width=5)
    return image


def service_counter() -> Image.Image:
    """A municipal counter with a kiosk screen, a queue-number display and a waiting person."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#e8eef2")
    draw = ImageDraw.Draw(image)
    # Floor and wall.
    draw.rectangle([0, 520, WIDTH, HEIGHT], fill="#c9b79c")
    draw.rectangle([0, 505, WIDTH, 520], fill="#a8957a")
    # Window behind the counter.
    draw.rectangle([760, 90, 1110, 330], fill="#ffffff", outline="#9fb2c0", width=10)
    draw.line([(935, 90), (935, 330)], fill="#9fb2c0", width=8)
    draw.line([(760, 210), (1110, 210)], fill="#9fb2c0", width=8)
    # Queue-number display on the wall: a dark panel with lit segments, no digits.
    draw.rounded_rectangle([120, 70, 420, 170], radius=14, fill="#24313c")
    for index in range(3):
        x = 160 + index * 90
        draw.rounded_rectangle([x, 95, x + 55, 145], radius=6, fill="#3ccf91")
    # The counter.
    draw.rectangle([90, 380, 1110, 520], fill="#2f6f8f")
    draw.rectangle([70, 360, 1130, 392], fill="#24566f")
    draw.rectangle([140, 420, 520, 490], fill="#3b86ab")
    draw.rectangle([680, 420, 1060, 490], fill="#3b86ab")
    # Kiosk: stand, body and screen with flat "buttons".
    draw.rectangle([585, 300, 625, 380], fill="#5b6770")
    draw.rounded_rectangle([470, 120, 740, 310], radius=18, fill="#1f2d3a")
    draw.rectangle([492, 140, 718, 290], fill="#f7f9fb")
    draw.rectangle([492, 140, 718, 168], fill="#2f80c1")
    for row in range(3):
        y = 185 + row * 34
        draw.rounded_rectangle([510, y, 700, y + 24], radius=8, fill="#cfe3f1")
    draw.rounded_rectangle([600, 262, 700, 282], radius=8, fill="#3ccf91")
    # Receipt printer slot and a receipt.
    draw.rectangle([560, 368, 650, 376], fill="#1f2d3a")
    draw.polygon([(572, 376), (638, 376), (632, 430), (578, 430)], fill="#ffffff")
    # A person waiting at the kiosk (flat silhouette).
    draw.ellipse([300, 190, 380, 270], fill="#e0a878")
    draw.pieslice([282, 180, 398, 290], start=180, end=360, fill="#3a2a20")
    draw.rounded_rectangle([275, 275, 405, 520], radius=40, fill="#e36b4f")
    draw.rounded_rectangle([395, 300, 500, 332], radius=16, fill="#e36b4f")
    draw.ellipse([486, 298, 520, 334], fill="#e0a878")
    # A potted plant for balance.
    draw.polygon([(1000, 520), (1080, 520), (1068, 600), (1012, 600)], fill="#b7643e")
    draw.ellipse([985, 430, 1045, 530], fill="#4f9a5a")
    draw.ellipse([1030, 420, 1095, 525], fill="#3f8a4c")
    return image


def main() -> None:
    _save(rainfall_chart(), "rainfall-chart.png")
    _save(service_counter(), "service-counter.png")


if __name__ == "__main__":
    main()
