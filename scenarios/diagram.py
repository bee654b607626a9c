"""A diagram of a scenario graph: DOT text built here, rendered to SVG by Graphviz's `dot`
(Debian's graphviz package) in a subprocess with a time limit. Every label is escaped for DOT;
dot escapes it again for SVG, and the admin shows the SVG through an <img>, so no author text
can become markup or script."""

import shutil
import subprocess  # noqa: S404 - a fixed binary with fixed arguments; input goes to stdin

from scenarios.engine import Graph

DOT_TIMEOUT_SECONDS = 10
OUTCOME_COLOURS = {"success": "#067647", "partial": "#b54708", "fail": "#b42318"}


class DiagramUnavailable(Exception):
    pass


def _escape(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("{", "\\{").replace("}", "\\}")


def graph_dot(graph: Graph) -> str:
    lines = [
        "digraph scenario {",
        '  graph [rankdir=TB, fontname="Noto Sans CJK SC", bgcolor="white"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Noto Sans CJK SC", fontsize=11];',
        '  edge [fontname="Noto Sans CJK SC", fontsize=9, color="#61707f"];',
    ]
    ids = {n.key: f"n{i}" for i, n in enumerate(graph.nodes)}
    for i, node in enumerate(graph.nodes):
        label = f"{node.key}"
        if node.speaker:
            label += f" · {node.speaker}"
        if node.time_limit:
            label += f" · ⏱{node.time_limit}s"
        label = _escape(label, 40) + "\\n" + _escape(node.text)
        attrs = [f'label="{label}"']
        if node.is_end:
            colour = OUTCOME_COLOURS.get(str(node.outcome), "#61707f")
            attrs += ["shape=box", 'style="rounded,filled,bold"', f'color="{colour}"', 'fillcolor="#f6f7f9"']
        if i == 0:
            attrs += ['color="#0b6e4f"', "penwidth=2"]
        lines.append(f"  {ids[node.key]} [{', '.join(attrs)}];")
    for node in graph.nodes:
        for choice in node.choices:
            if choice.target not in ids:
                continue
            score = " ".join(f"{k}{v:+d}" for k, v in choice.scores.items() if v)
            label = _escape(choice.text, 30)
            if score:
                label += "\\n" + _escape(score, 40)
            if choice.condition:
                label += "\\n[" + _escape(choice.condition, 40) + "]"
            lines.append(f'  {ids[node.key]} -> {ids[choice.target]} [label="{label}"];')
        for route in node.routes:
            if route.target in ids:
                label = _escape(route.condition or "else", 40)
                lines.append(f'  {ids[node.key]} -> {ids[route.target]} [label="{label}", style=dashed];')
        if node.time_limit and node.timeout_target in ids:
            lines.append(
                f'  {ids[node.key]} -> {ids[node.timeout_target]} [label="⏱ timeout", style=dotted, color="#b42318"];'
            )
    lines.append("}")
    return "\n".join(lines)


def graph_svg(graph: Graph) -> bytes:
    binary = shutil.which("dot")
    if binary is None:
        raise DiagramUnavailable("Graphviz (dot) is not installed")
    try:
        done = subprocess.run(  # noqa: S603
            [binary, "-Tsvg"],
            input=graph_dot(graph).encode(),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DiagramUnavailable("Graphviz took too long")
    if done.returncode != 0:
        raise DiagramUnavailable(done.stderr.decode(errors="replace")[:300])
    return done.stdout
