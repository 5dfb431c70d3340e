"""Render static/icons/icon.svg to the PNG sizes the manifest and iOS need.

Run from the repo root with the project's venv after changing the SVG:
    .venv/bin/python scripts/make_icons.py
It drives Debian's headless Chromium (/usr/bin/chromium) through Playwright.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
SVG = (ICONS / "icon.svg").read_text()
# Maskable icons are cropped to a circle of 80%: the glyph is shrunk into that safe zone and the
# background fills the whole square (no rounded corners, which the platform adds).
MASKABLE = SVG.replace('rx="96"', 'rx="0"').replace("translate(256 256)", "translate(256 256) scale(0.78)")
OUTPUTS = [("icon-192.png", 192, SVG), ("icon-512.png", 512, SVG), ("maskable-512.png", 512, MASKABLE),
           ("apple-touch-icon.png", 180, MASKABLE)]

with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    for name, size, svg in OUTPUTS:
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(
            f"<style>html,body{{margin:0;background:transparent}}svg{{width:{size}px;height:{size}px;"
            f"display:block}}</style>{svg}"
        )
        page.screenshot(path=str(ICONS / name), omit_background=True)
        page.close()
    browser.close()
print("wrote", ", ".join(name for name, *_ in OUTPUTS))
