#!/usr/bin/env python3
"""Writes the README's two diagrams as SVG: the or-done flow and how bridge demand follows the
buffer. Standard library only; run from the repository root: python3 docs/scripts/diagrams.py"""

from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parents[1] / "images"

FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
HEAD = ("<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' viewBox='0 0 {w} {h}'>\n"
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' "
        "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' "
        "fill='#333'/></marker></defs>\n"
        "<rect width='100%' height='100%' fill='white'/>\n")


def box(x, y, w, h, title, lines=(), fill="#eef4fb", stroke="#4a78a8"):
    parts = [f"<rect x='{x}' y='{y}' width='{w}' height='{h}' rx='8' fill='{fill}' "
             f"stroke='{stroke}' stroke-width='1.5'/>",
             f"<text x='{x + w / 2}' y='{y + 20}' text-anchor='middle' {FONT} font-size='14' "
             f"font-weight='bold' fill='#222'>{escape(title)}</text>"]
    for i, line in enumerate(lines):
        parts.append(f"<text x='{x + w / 2}' y='{y + 40 + 16 * i}' text-anchor='middle' {FONT} "
                     f"font-size='12' fill='#333'>{escape(line)}</text>")
    return "\n".join(parts) + "\n"


def arrow(x1, y1, x2, y2, label="", dashed=False, dy=-6):
    dash = " stroke-dasharray='5,4'" if dashed else ""
    parts = [f"<line x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='#333' stroke-width='1.5'"
             f"{dash} marker-end='url(#arrow)'/>"]
    if label:
        parts.append(f"<text x='{(x1 + x2) / 2}' y='{(y1 + y2) / 2 + dy}' text-anchor='middle' "
                     f"{FONT} font-size='12' fill='#333'>{escape(label)}</text>")
    return "\n".join(parts) + "\n"


def text(x, y, content, size=12, anchor="start", weight="normal", color="#333"):
    return (f"<text x='{x}' y='{y}' text-anchor='{anchor}' {FONT} font-size='{size}' "
            f"font-weight='{weight}' fill='{color}'>{escape(content)}</text>\n")


def or_done():
    w, h = 1000, 330
    svg = HEAD.format(w=w, h=h)
    svg += text(20, 28, "Channels.orDone(done, source): a view, no thread", 16, weight="bold")
    svg += box(20, 70, 200, 70, "source channel", ["buffered elements", "owned by the producer"])
    svg += box(20, 200, 200, 70, "done channel", ["ctx.done(), closed on", "cancel or deadline"],
               fill="#fdf0e6", stroke="#c07830")
    svg += box(390, 110, 260, 120, "or-done view",
               ["each receive is one select:", "1. done fired?  -> report closed",
                "2. else take from source", "never takes what it does not yield"],
               fill="#eefaf0", stroke="#3f8f52")
    svg += box(820, 110, 160, 120, "receiver",
               ["receive() / forEach", "toFlux(view)", "another orDone"])
    svg += arrow(220, 105, 390, 140, "element", dy=-12)
    svg += arrow(220, 235, 390, 200, "close = broadcast", dy=22)
    svg += arrow(650, 145, 820, 145, "element")
    svg += arrow(650, 195, 820, 195, "closed once done fired", dy=18)
    svg += text(20, 305, "Closing done wakes every watcher; a single value wakes one. "
                "Cancelling the view leaves the source open for its owner.", 12)
    return svg + "</svg>\n"


def demand():
    w, h = 1000, 450
    svg = HEAD.format(w=w, h=h)
    svg += text(20, 28, "Bridges: backpressure is the buffer capacity", 16, weight="bold")
    svg += text(20, 62, "Channel to Publisher: toPublisher / toFlux / toFlowable", 14, weight="bold")
    svg += box(20, 80, 200, 90, "channel", ["senders block when full", "(competing receivers)"])
    svg += box(390, 80, 240, 90, "subscription (drain loop)",
               ["receives only while", "requested > emitted;", "empty: registers a callback"],
               fill="#eefaf0", stroke="#3f8f52")
    svg += box(800, 80, 180, 90, "Subscriber", ["request(n)", "onNext / onComplete"])
    svg += arrow(220, 125, 390, 125, "element, on demand")
    svg += arrow(800, 150, 630, 150, "request(n)", dy=18)
    svg += arrow(630, 110, 800, 110, "onNext")
    svg += text(20, 205, "Closed and drained: onComplete without waiting for demand. "
                "Cancel: the channel stays open; nothing taken without demand is lost.", 12)
    svg += text(20, 262, "Publisher to Channel: toChannel(publisher, capacity)", 14, weight="bold")
    svg += box(20, 280, 200, 90, "Publisher", ["Flux, Flowable,", "any Publisher"],
               fill="#fdf0e6", stroke="#c07830")
    svg += box(390, 280, 240, 90, "channel buffer", ["capacity n", "requested + buffered <= max(n, 1)"],
               fill="#eefaf0", stroke="#3f8f52")
    svg += box(800, 280, 180, 90, "receivers", ["receive(), select,", "forEach, toFlux"])
    svg += arrow(220, 305, 390, 305, "onNext")
    svg += arrow(390, 350, 220, 350, "request(n) up front,", dy=18)
    svg += text(305, 384, "then as receivers take", 12, anchor="middle")
    svg += arrow(630, 325, 800, 325, "receive")
    svg += text(20, 420, "Capacity 0 requests one element only while a receiver waits. "
                "cancel() on the channel cancels the upstream subscription.", 12)
    return svg + "</svg>\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "or-done.svg").write_text(or_done())
    (OUT / "bridge-demand.svg").write_text(demand())
    print("wrote", OUT / "or-done.svg", "and", OUT / "bridge-demand.svg")


if __name__ == "__main__":
    main()
