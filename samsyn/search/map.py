"""Where the partnership map puts each theme and initiative: a pure function, no database, no Django.

The map shows the recurring themes (related.Model.themes) as a column in the middle, the initiatives
of the first focus area to its left and those of the second to its right (with more focus areas,
every other one goes to each side), and a line from each theme to each initiative about it. A theme
with initiatives on both sides is a bridge between the focus areas: its lines are drawn thicker and
its box darker, and the legend and the table say so in words, so that colour is never the only
signal. Within a side the initiatives are ordered by their first theme, then by name, so that
lines cross little and the same data always gives the same drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from samsyn.portfolio.network import NODE_RADIUS, group_style, shape_points

WIDTH = 900
ROW = 24  # vertical room per initiative
TOP = 40  # room for the column headings
BOTTOM = 16
SIDE_X = 250  # the initiatives' nodes, from each edge; their labels run outwards from them
LABEL_CHARS = 34
THEME_HEIGHT = 22
CHAR_WIDTH = 7  # of the 12 px labels, for the themes' boxes


@dataclass(frozen=True)
class MapInitiative:
    key: int
    label: str
    short_label: str
    side: int  # 0 left, 1 right
    x: float
    y: float
    points: str  # the marker's corners, as the network drawing's (empty for a circle)
    label_x: float
    label_y: float
    label_rotate: float
    label_anchor: str
    colour: str
    shape: str


@dataclass(frozen=True)
class MapTheme:
    label: str
    x: float
    y: float
    box_x: float
    box_width: float
    bridge: bool


@dataclass(frozen=True)
class MapLine:
    x1: float
    y1: float
    x2: float
    y2: float
    bridge: bool


@dataclass(frozen=True)
class MapLayout:
    width: int
    height: int
    headings: tuple[tuple[float, str, str], ...]  # (x, text, anchor)
    initiatives: tuple[MapInitiative, ...]
    themes: tuple[MapTheme, ...]
    lines: tuple[MapLine, ...]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def map_layout(
    areas: Sequence[tuple[int, str]],
    initiatives: Mapping[int, tuple[str, Sequence[int]]],
    themes: Sequence[tuple[str, Sequence[int]]],
) -> MapLayout:
    """`areas`: (id, name) in order; `initiatives`: id -> (name, its focus area ids); `themes`:
    (label, initiative ids). Only initiatives of some theme are drawn; one of no focus area goes left."""
    position = {area_id: n for n, (area_id, __) in enumerate(areas)}

    def side(initiative_id: int) -> int:
        found = [position[a] for a in initiatives[initiative_id][1] if a in position]
        return min(found) % 2 if found else 0

    first_theme: dict[int, int] = {}
    for n, (__, members) in enumerate(themes):
        for member in members:
            if member in initiatives:
                first_theme.setdefault(member, n)
    columns: list[list[int]] = [[], []]
    for member in sorted(first_theme, key=lambda i: (first_theme[i], initiatives[i][0], i)):
        columns[side(member)].append(member)
    rows = max(len(columns[0]), len(columns[1]), len(themes), 1)
    height = TOP + rows * ROW + BOTTOM

    placed: dict[int, MapInitiative] = {}
    for s, column in enumerate(columns):
        x = SIDE_X if s == 0 else WIDTH - SIDE_X
        # The network drawing's styles of the first two groups, so that a side looks the same in both.
        colour, shape = group_style(s)
        # A shorter column is centred against the longer.
        offset = (rows - len(column)) * ROW / 2
        for n, member in enumerate(column):
            label = initiatives[member][0]
            y = TOP + offset + (n + 0.5) * ROW
            placed[member] = MapInitiative(
                key=member,
                label=label,
                short_label=_short(label),
                side=s,
                x=x,
                y=y,
                points=shape_points(shape, x, y),
                label_x=x - NODE_RADIUS - 6 if s == 0 else x + NODE_RADIUS + 6,
                label_y=y,
                label_rotate=0,
                label_anchor="end" if s == 0 else "start",
                colour=colour,
                shape=shape,
            )
    drawn_themes = []
    lines = []
    # The themes spread over the height of the longer side, so that their boxes stand apart.
    spacing = rows * ROW / max(len(themes), 1)
    for n, (label, members) in enumerate(themes):
        y = TOP + (n + 0.5) * spacing
        box_width = len(label) * CHAR_WIDTH + 16
        sides = {placed[m].side for m in members if m in placed}
        bridge = len(sides) == 2
        drawn_themes.append(MapTheme(label, WIDTH / 2, y, WIDTH / 2 - box_width / 2, box_width, bridge))
        for member in members:
            node = placed.get(member)
            if node is None:
                continue
            edge_x = WIDTH / 2 - box_width / 2 if node.side == 0 else WIDTH / 2 + box_width / 2
            lines.append(MapLine(node.x, node.y, edge_x, y, bridge))
    headings = tuple(
        (SIDE_X if s == 0 else WIDTH - SIDE_X, name, "end" if s == 0 else "start")
        for s, name in (
            (0, " · ".join(name for n, (__, name) in enumerate(areas) if n % 2 == 0)),
            (1, " · ".join(name for n, (__, name) in enumerate(areas) if n % 2 == 1)),
        )
        if name
    )
    return MapLayout(WIDTH, height, headings, tuple(placed.values()), tuple(drawn_themes), tuple(lines))
