"""A DataTable whose rows are kept in step with data by key, never rebuilt.

The show list, the news list and the feed list all hand this table the rows they want,
in order, each with a stable key; it removes the rows that went away, adds the new
ones, updates only the cells that changed, restores the order if it moved, and keeps
the cursor on the same row. Nothing flickers and a live update of one row costs one
cell, however long the list. Columns are fixed or share the width that is left, so a
long title is cut with an ellipsis instead of pushing the rest off screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellKey, RowKey

from tui import keys


@dataclass(frozen=True, slots=True)
class Column:
    """A column: as wide as its content (``auto``), a fixed width, or a share (``flex``)."""

    key: str
    label: str
    width: int = 0
    auto: bool = False
    flex: int = 0
    min_width: int = 4
    max_width: int = 1_000
    fill: bool = False
    """Takes the width capped columns leave unused (else it stays empty on the right)."""


DRAWN_CELLS = 1_000
"""The most drawn cells a table keeps (a tall screen of its cells, a few times over;
beyond, all are dropped). Each is a few objects the full collection walks."""

Row = tuple[str, tuple[Text, ...]]
"""A row's key and its cells, one per column."""
SegmentLines = list[list[Segment]]


class KeyedTable(DataTable[Text]):
    """A row-cursor DataTable synchronised from ``(key, cells)`` rows."""

    BINDINGS: ClassVar[list[BindingType]] = list(keys.TABLE)
    COLUMNS: ClassVar[tuple[Column, ...]] = ()

    DEFAULT_CSS = """
    KeyedTable {
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self._shown: dict[str, tuple[Text, ...]] = {}
        self._order: list[str] = []
        self._styles: dict[str, RichStyle] = {}
        self._drawn: dict[tuple[object, ...], tuple[object, SegmentLines]] = {}
        """Cells as drawn (``_render_cell``), with the cell object each was drawn from."""

    def on_mount(self) -> None:
        for column in self.COLUMNS:
            self.add_column(Text(column.label), key=column.key, width=column.width or 1)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        # Cells carry Rich styles resolved from the theme; the new CSS is in place
        # only after the next refresh, so they are rebuilt then.
        self.call_after_refresh(self._restyle)

    def _restyle(self) -> None:
        self._shown = dict.fromkeys(self._shown, ())
        self._styles.clear()
        self.redraw()

    def redraw(self) -> None:
        """Build every row again from the data last shown (after a theme change)."""

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give fixed columns their width and share the rest among the flexible ones."""
        # Room for a vertical scrollbar is always kept, so one appearing never cuts
        # the last column (a stable gutter would also cost an auto-height table a line).
        room = self.content_region.width - self.styles.scrollbar_size_vertical
        if room <= 0 or not self.COLUMNS:
            return
        padding = 2 * self.cell_padding * len(self.COLUMNS)
        widths = {c.key: c.width for c in self.COLUMNS if not c.flex and not c.auto}
        for index, auto in enumerate(self.COLUMNS):
            if auto.auto:
                cells = (row[index].cell_len for row in self._shown.values() if row)
                widest = max(cells, default=0)
                widths[auto.key] = min(auto.max_width, max(auto.min_width, len(auto.label), widest))
        flexible = [c for c in self.COLUMNS if c.flex]
        spare = max(0, room - padding - sum(widths.values()))
        shares = sum(c.flex for c in flexible) or 1
        for column in flexible:
            widths[column.key] = max(
                column.min_width, min(column.max_width, spare * column.flex // shares)
            )
        filler = next((c for c in flexible if c.fill), None)
        if filler is not None:
            unused = spare - sum(widths[c.key] for c in flexible)
            widths[filler.key] = max(filler.min_width, widths[filler.key] + unused)
        self._apply_widths(widths)

    def _apply_widths(self, widths: dict[str, int]) -> None:
        columns = [(self.columns.get(key), width) for key, width in widths.items()]  # type: ignore[call-overload]
        if all(c is None or (c.width == w and not c.auto_width) for c, w in columns):
            return
        for column, width in columns:
            if column is not None:
                column.width, column.auto_width = width, False
        total = sum(widths.values()) + 2 * self.cell_padding * len(widths)
        self.virtual_size = Size(total, self.virtual_size.height)
        self.notify_style_update()  # clears the cell caches, which do not key on width

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of every new row here (~120 µs a row) for the
        # width of an auto-width column. Ours are never auto-width (``fit_columns``
        # sets each width) and every row is one line without a label, so the
        # measures would be thrown away: only the virtual size is computed.
        if any(c.auto_width for c in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: RichStyle,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        # DataTable caches a drawn cell under its ``_update_count``, which every added,
        # updated or moved row bumps: any change drew every visible cell again (~70 a
        # table, the bulk of a frame after a poll or a mark). A cell drawn here is
        # kept while the table holds the same cell object in the same place, drawn
        # with the same style and width; the style caches cleared clear it too.
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 else None
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # the header
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        value = self._data[row_key].get(column_key)
        key = (
            row_key,
            column_key,
            row_index,
            base_style,
            width,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] is value:
            return drawn[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if len(self._drawn) >= DRAWN_CELLS:
            self._drawn.clear()
        self._drawn[key] = (value, lines)
        return lines

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._drawn.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()

    # --- rows --------------------------------------------------------------------

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return key.value

    def sync_rows(self, rows: Sequence[Row], *, reset_cursor: bool = False) -> None:
        """Make the table show ``rows`` (in order), touching only what changed."""
        keep = self.current_key
        wanted = dict(rows)
        gone = [k for k in self._shown if k not in wanted]
        if len(gone) > max(20, len(self._shown) // 2):
            # Another list altogether (another show, a filter): DataTable.remove_row
            # renumbers every row, so clearing and adding is the cheaper way there.
            self.clear()
            self._shown, self._order = {}, []
            gone = []
        if gone:
            self._remove_rows(gone)
            for key in gone:
                del self._shown[key]
        for key, cells in rows:
            shown = self._shown.get(key)
            if shown is cells:
                continue
            if shown is None:
                self.add_row(*cells, key=key)
            elif shown != cells:
                for index, (column, new) in enumerate(zip(self.COLUMNS, cells, strict=True)):
                    if index >= len(shown) or shown[index] != new:
                        self.update_cell(key, column.key, new)
            self._shown[key] = cells
        order = [key for key, _ in rows]
        if order != self._order and len(order) > 1:
            self._reorder(order)
        self._order = order
        self._place_cursor(None if reset_cursor else keep)
        if any(c.auto for c in self.COLUMNS):
            self.fit_columns()

    def _remove_rows(self, keys: list[str]) -> None:
        """``DataTable.remove_row`` for several rows at once.

        Each ``remove_row`` renumbers every row and redraws the cursor and hover
        cells, sorting every row to find them: after a poll a few dozen of the news
        rows go, ~0.4 ms each. Here the rows are renumbered once, as ``remove_row``
        leaves them (the survivors in their order).
        """
        gone = {RowKey(key) for key in keys}
        self._require_update_dimensions = True
        self.check_idle()
        locations = self._row_locations
        in_order = (locations.get_key(index) for index in range(len(locations)))
        kept = [key for key in in_order if key is not None and key not in gone]
        self._row_locations = type(locations)({key: index for index, key in enumerate(kept)})
        for key in gone:
            for column_key in self._data.get(key, ()):
                self._updated_cells.discard(CellKey(key, column_key))
            del self.rows[key]
            del self._data[key]
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        self._update_count += 1
        self.refresh(layout=True)

    def _reorder(self, order: list[str]) -> None:
        # DataTable.sort hands the key function a row's cell values, not its key; the
        # identity of the first cell object the table holds says where each row goes.
        # (The table's own object: a row whose new cells equal the old keeps the old.)
        first = self.COLUMNS[0].key
        position = {id(self.get_cell(key, first)): index for index, key in enumerate(order)}
        self.sort(key=lambda values: position.get(id(values[0]), len(position)))

    def _place_cursor(self, key: str | None) -> None:
        if not self.row_count:
            return
        if key is None or key not in self._shown:
            row = 0 if key is None else min(self.cursor_row, self.row_count - 1)
        else:
            row = self.get_row_index(RowKey(key))
        if row != self.cursor_row:
            self.move_cursor(row=row, animate=False)

    def component_style(self, name: str) -> RichStyle:
        """A component class's style as a Rich style for cells (so .tcss themes cells)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style
