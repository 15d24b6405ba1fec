"""Where the network drawing puts each initiative: a pure function, no database, no Django.

Initiatives sit on one circle and each group (a focus area; initiatives in several focus
areas or in none form groups of their own) gets its own arc, with an empty slot between
arcs so the groups read apart: SHK's two focus areas become two arcs. Within an arc the
nodes are ordered by label, so the same relations always give the same drawing, whatever
order the database returned them in. Edges are quadratic curves bent towards the centre,
so that a line between neighbours does not run along the rim and hide other nodes.

Labels are written along the radius, outwards from their node (the usual way for circular
layouts): neighbouring labels then never overlap as long as nodes are a line height apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypedDict

NODE_RADIUS = 7
# Arc length given to each node: a little more than a line of 11 px text.
SLOT_LENGTH = 22
MIN_RADIUS = 150
# Room around the circle for the labels, which are cut to LABEL_CHARS characters.
LABEL_MARGIN = 175
LABEL_CHARS = 26
LABEL_GAP = 5
# How far the curve's control point sits from the centre, as a share of the chord's midpoint.
BEND = 0.35

# Colour and shape per group, so that colour is never the only signal. The colours keep a
# 3:1 contrast against white (WCAG 2.1, 1.4.11) and are told apart by most colour-blind viewers.
GROUP_STYLES = (
    ("#0b5394", "circle"),
    ("#1d6b2f", "square"),
    ("#6a3d9a", "diamond"),
    ("#5f6670", "triangle"),
    ("#9a4300", "circle"),
    ("#a4161a", "square"),
)


class EdgeStyle(TypedDict):
    colour: str
    dash: str  # SVG stroke-dasharray, empty for a solid line
    width: float
    arrow: bool


# Line style per relation kind; a derived relation (read from a shared testbed, not stored)
# is drawn fainter than a stored one of the same kind.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "builds_on": {"colour": "#1b1f24", "dash": "", "width": 2.0, "arrow": True},
    "strengthens": {"colour": "#0b5394", "dash": "", "width": 3.5, "arrow": True},
    "shares_testbed": {"colour": "#9a4300", "dash": "7 4", "width": 2.0, "arrow": False},
    "learns_from": {"colour": "#6a3d9a", "dash": "2 3", "width": 2.0, "arrow": True},
}
DERIVED_STYLE: EdgeStyle = {"colour": "#9a4300", "dash": "1 4", "width": 1.5, "arrow": False}


@dataclass(frozen=True)
class NodeIn:
    key: str
    label: str
    group: int  # index of the node's group, in the order the groups are drawn


@dataclass(frozen=True)
class EdgeIn:
    source: str
    target: str
    kind: str
    derived: bool = False


@dataclass(frozen=True)
class PlacedNode:
    key: str
    label: str
    short_label: str
    group: int
    colour: str
    shape: str
    x: float
    y: float
    points: str  # polygon points for every shape but the circle
    label_x: float
    label_y: float
    label_rotate: float
    label_anchor: str


@dataclass(frozen=True)
class PlacedEdge:
    source: str
    target: str
    kind: str
    derived: bool
    path: str
    colour: str
    dash: str
    width: float
    arrow: bool


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    radius: float
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]


def group_style(group: int) -> tuple[str, str]:
    return GROUP_STYLES[group % len(GROUP_STYLES)]


def edge_style(kind: str, derived: bool = False) -> EdgeStyle:
    return DERIVED_STYLE if derived else EDGE_STYLES.get(kind, EDGE_STYLES["builds_on"])


def shape_points(shape: str, x: float, y: float, r: float = NODE_RADIUS) -> str:
    """Polygon corners of a node's marker (empty for a circle)."""
    if shape == "square":
        s = r * 0.85
        corners = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    elif shape == "diamond":
        s = r * 1.15
        corners = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    elif shape == "triangle":
        s = r * 1.2
        corners = [(x, y - s), (x + s * 0.87, y + s * 0.5), (x - s * 0.87, y + s * 0.5)]
    else:
        return ""
    return " ".join(f"{_r(px)},{_r(py)}" for px, py in corners)


def _r(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def layout(nodes, edges=()) -> Layout:
    """Place `nodes` (NodeIn) on arcs by group and draw `edges` (EdgeIn) between them."""
    nodes = sorted(nodes, key=lambda n: (n.group, n.label.casefold(), n.key))
    keys = [n.key for n in nodes]
    if len(set(keys)) != len(keys):
        raise ValueError("node keys must be unique")
    groups_used = sorted({n.group for n in nodes})
    # One empty slot between arcs, none when everything is one group.
    gap = 1 if len(groups_used) > 1 else 0
    slots = len(nodes) + gap * len(groups_used)
    radius = max(MIN_RADIUS, slots * SLOT_LENGTH / (2 * math.pi))
    margin = LABEL_MARGIN + NODE_RADIUS
    centre = radius + margin
    size = _r(2 * centre)

    placed: dict[str, PlacedNode] = {}
    slot = 0
    previous_group = None
    for node in nodes:
        if previous_group is not None and node.group != previous_group:
            slot += gap
        previous_group = node.group
        # Start at the top and go clockwise; the half-slot keeps a single node off the seam.
        angle = -math.pi / 2 + 2 * math.pi * (slot + 0.5) / max(slots, 1)
        slot += 1
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = _r(centre + radius * cos), _r(centre + radius * sin)
        label_radius = radius + NODE_RADIUS + LABEL_GAP
        degrees = math.degrees(angle)
        # On the left half the text would read upside down: turn it round and anchor its end.
        right_side = cos >= -1e-9
        colour, shape = group_style(node.group)
        placed[node.key] = PlacedNode(
            key=node.key,
            label=node.label,
            short_label=_short(node.label),
            group=node.group,
            colour=colour,
            shape=shape,
            x=x,
            y=y,
            points=shape_points(shape, x, y),
            label_x=_r(centre + label_radius * cos),
            label_y=_r(centre + label_radius * sin),
            label_rotate=_r(((degrees if right_side else degrees + 180) + 180) % 360 - 180),
            label_anchor="start" if right_side else "end",
        )

    placed_edges = []
    for edge in sorted(edges, key=lambda e: (e.source, e.target, e.kind, e.derived)):
        try:
            a, b = placed[edge.source], placed[edge.target]
        except KeyError as missing:
            raise ValueError(f"edge to a node that is not drawn: {missing}") from None
        mid_x, mid_y = (a.x + b.x) / 2, (a.y + b.y) / 2
        cx, cy = _r(centre + (mid_x - centre) * BEND), _r(centre + (mid_y - centre) * BEND)
        style = edge_style(edge.kind, edge.derived)
        placed_edges.append(
            PlacedEdge(
                source=edge.source,
                target=edge.target,
                kind=edge.kind,
                derived=edge.derived,
                path=f"M {a.x} {a.y} Q {cx} {cy} {b.x} {b.y}",
                colour=style["colour"],
                dash=style["dash"],
                width=style["width"],
                arrow=style["arrow"],
            )
        )
    return Layout(
        width=size, height=size, radius=_r(radius), nodes=tuple(placed[k] for k in keys), edges=tuple(placed_edges)
    )
