"""The installed scanner's icons, drawn with Pillow: `python -m visitors.gate_icons` writes static/icons/*.png.

A white QR finder pattern and a check mark on the theme blue. The maskable icon fills the whole square and
keeps the drawing inside the central 80 % that every launcher's mask leaves visible.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (29, 95, 168, 255)
WHITE = (255, 255, 255, 255)
FOLDER = Path(__file__).resolve().parents[1] / "static" / "icons"


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    """The icon at `size` pixels; `maskable` draws full-bleed with the picture in the safe zone."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size, size), fill=BLUE)
        inner = size * 0.56  # well inside the 80 % safe circle
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=BLUE)
        inner = size * 0.66
    left = (size - inner) / 2
    module = inner / 7
    # A QR finder pattern: 7 × 7 ring, 3 × 3 centre.
    draw.rectangle((left, left, left + inner, left + inner), fill=WHITE)
    draw.rectangle((left + module, left + module, left + inner - module, left + inner - module), fill=BLUE)
    draw.rectangle((left + 2 * module, left + 2 * module, left + inner - 2 * module, left + inner - 2 * module),
                   fill=WHITE)
    # A check mark across the lower right corner: admitted.
    width = max(2, int(size * 0.06))
    points = [(left + inner * 0.62, left + inner * 0.98), (left + inner * 0.80, left + inner * 1.14),
              (left + inner * 1.12, left + inner * 0.74)]
    if maskable:
        points = [(x - module * 0.6, y - module * 0.9) for x, y in points]
    draw.line(points, fill=(255, 214, 0, 255), width=width, joint="curve")
    return image


def main() -> None:
    """Write the three PNGs the manifest names."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    draw_icon(192, maskable=False).save(FOLDER / "gate-192.png", optimize=True)
    draw_icon(512, maskable=False).save(FOLDER / "gate-512.png", optimize=True)
    draw_icon(512, maskable=True).save(FOLDER / "gate-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
