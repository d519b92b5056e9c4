package org.daybreak.remote.ui.jobs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.remote.Timeline;
import org.daybreak.remote.Timeline.Bar;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * The jobs timeline drawn with SWT: one lane per worker, inside it one row per job running at the same time (a
 * worker with several threads gets several rows), one bar per job from started to finished (or now, while it
 * runs), and a faint line before it for the time it waited in the queue. Bars are coloured by kind or by state.
 *
 * <p>Mouse: the wheel zooms around the pointer, dragging pans, a double click fits all jobs again, hovering shows
 * the job (id, kind, state, worker, times). While nobody has zoomed or panned the view follows the jobs as they
 * arrive ({@link #isFollowing()}). Times are epoch milliseconds; labels are local wall-clock time.
 * Thread rule: UI thread.
 */
public final class TimelineCanvas extends Canvas {
    /** What a bar's colour says. */
    public enum Colouring {
        KIND, STATE
    }

    static final int AXIS_HEIGHT = 22;
    static final int LEGEND_HEIGHT = 20;
    static final int LANE_GAP = 6;
    static final int MAX_ROW_HEIGHT = 24;
    static final int MIN_ROW_HEIGHT = 3;
    static final int RIGHT_MARGIN = 12;

    /** Tableau 10, as the HTML page of {@link Timeline#html()} uses. */
    static final RGB[] KIND_PALETTE = {new RGB(0x4e, 0x79, 0xa7), new RGB(0xf2, 0x8e, 0x2b),
            new RGB(0x59, 0xa1, 0x4f), new RGB(0xb0, 0x7a, 0xa1), new RGB(0xed, 0xc9, 0x48),
            new RGB(0x76, 0xb7, 0xb2), new RGB(0xff, 0x9d, 0xa7), new RGB(0x9c, 0x75, 0x5f)};
    static final Map<String, RGB> STATE_COLOURS = new LinkedHashMap<>();

    static {
        STATE_COLOURS.put("done", new RGB(0x59, 0xa1, 0x4f));
        STATE_COLOURS.put("failed", new RGB(0xe1, 0x57, 0x59));
        STATE_COLOURS.put("cancelled", new RGB(0x9c, 0x9c, 0x9c));
        STATE_COLOURS.put("running", new RGB(0x4e, 0x79, 0xa7));
        STATE_COLOURS.put("queued", new RGB(0xed, 0xc9, 0x48));
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /** One worker's lane: its bars packed into rows so that no two bars of a row overlap. */
    record Lane(String worker, double busy, List<List<Bar>> rows) {
    }

    private final Map<RGB, Color> colours = new HashMap<>();
    private Timeline timeline;
    private List<Lane> lanes = List.of();
    private final List<String> kinds = new ArrayList<>();
    private Colouring colouring = Colouring.KIND;
    private boolean following = true;
    private double viewStart;
    private double viewEnd = 1;
    private int dragX = -1;
    private double dragStart;
    private double dragEnd;
    private Bar hover;
    private Point hoverAt;
    private Runnable onViewChange = () -> {
    };

    public TimelineCanvas(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        addListener(SWT.Paint, e -> paint(e.gc));
        addListener(SWT.MouseVerticalWheel, this::wheel);
        addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                dragX = e.x;
                dragStart = viewStart;
                dragEnd = viewEnd;
                setCursor(getDisplay().getSystemCursor(SWT.CURSOR_SIZEWE));
            }
        });
        addListener(SWT.MouseUp, e -> endDrag());
        addListener(SWT.MouseMove, this::move);
        addListener(SWT.MouseExit, e -> {
            endDrag();
            setHover(null, null);
        });
        addListener(SWT.MouseDoubleClick, e -> fit());
        addListener(SWT.Dispose, e -> {
            for (Color c : colours.values()) {
                c.dispose();
            }
            colours.clear();
        });
    }

    /** Shows these jobs; keeps the zoom unless the view follows the jobs. Null: none yet. */
    public void setTimeline(Timeline t) {
        timeline = t;
        lanes = t == null ? List.of() : pack(t);
        for (Lane l : lanes) {
            for (List<Bar> row : l.rows()) {
                for (Bar b : row) {
                    if (!kinds.contains(b.kind())) {
                        kinds.add(b.kind());
                    }
                }
            }
        }
        if (following) {
            fitRange();
        }
        if (hover != null) {
            hover = hoverAt == null ? null : barAt(hoverAt.x, hoverAt.y);
        }
        redraw();
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The workers that have lanes, in lane order (top to bottom). */
    public List<String> laneNames() {
        List<String> out = new ArrayList<>();
        for (Lane l : lanes) {
            out.add(l.worker());
        }
        return out;
    }

    /** Rows in a worker's lane: the most jobs it ran at the same time. */
    public int rowsOf(String worker) {
        for (Lane l : lanes) {
            if (l.worker().equals(worker)) {
                return l.rows().size();
            }
        }
        return 0;
    }

    /** Lanes of bars packed into rows: each bar goes into the first row whose last bar ended before it started. */
    static List<Lane> pack(Timeline t) {
        List<Lane> out = new ArrayList<>();
        for (Map.Entry<String, List<Bar>> e : t.lanes().entrySet()) {
            List<List<Bar>> rows = new ArrayList<>();
            List<Long> rowEnds = new ArrayList<>();
            for (Bar b : e.getValue()) { // sorted by start
                int r = 0;
                while (r < rows.size() && rowEnds.get(r) > b.started()) {
                    r++;
                }
                if (r == rows.size()) {
                    rows.add(new ArrayList<>());
                    rowEnds.add(Long.MIN_VALUE);
                }
                rows.get(r).add(b);
                rowEnds.set(r, b.finished());
            }
            out.add(new Lane(e.getKey(), t.busy(e.getKey()), rows));
        }
        return out;
    }

    // ------------------------------------------------------------------ view range

    public Colouring colouring() {
        return colouring;
    }

    public void setColouring(Colouring c) {
        colouring = c;
        redraw();
    }

    /** True while the view fits all jobs on every update (until the user zooms or pans). */
    public boolean isFollowing() {
        return following;
    }

    /** The visible time range {start, end}, epoch ms. */
    public double[] visibleRange() {
        return new double[] {viewStart, viewEnd};
    }

    /** Called after each zoom, pan or fit (e.g. to show the span). */
    public void setOnViewChange(Runnable r) {
        onViewChange = r == null ? () -> {
        } : r;
    }

    /** Shows all jobs and follows new ones again. */
    public void fit() {
        following = true;
        fitRange();
        redraw();
        onViewChange.run();
    }

    private void fitRange() {
        if (timeline == null || lanes.isEmpty()) {
            long now = System.currentTimeMillis();
            viewStart = now - 60_000;
            viewEnd = now;
            return;
        }
        double span = Math.max(1, timeline.end() - timeline.start());
        viewStart = timeline.start() - span * 0.01;
        viewEnd = timeline.end() + span * 0.02;
    }

    /** Zooms by {@code factor} (below 1: in) keeping the time under {@code x} in place. */
    public void zoom(double factor, int x) {
        double t = timeAt(x);
        double span = (viewEnd - viewStart) * factor;
        if (span < 1) {
            return; // a millisecond across is the closest look
        }
        double f = (t - viewStart) / (viewEnd - viewStart);
        viewStart = t - f * span;
        viewEnd = viewStart + span;
        following = false;
        redraw();
        onViewChange.run();
    }

    /** Moves the view by {@code dx} pixels (positive: to earlier times, as a drag to the right). */
    public void pan(int dx) {
        double dt = dx * (viewEnd - viewStart) / plotWidth();
        viewStart -= dt;
        viewEnd -= dt;
        following = false;
        redraw();
        onViewChange.run();
    }

    private void wheel(Event e) {
        if (e.count != 0) {
            zoom(e.count > 0 ? 0.8 : 1.25, e.x);
        }
    }

    private void move(Event e) {
        if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0) {
            double dt = (e.x - dragX) * (dragEnd - dragStart) / plotWidth();
            viewStart = dragStart - dt;
            viewEnd = dragEnd - dt;
            following = false;
            redraw();
            onViewChange.run();
            return;
        }
        setHover(barAt(e.x, e.y), new Point(e.x, e.y));
    }

    private void endDrag() {
        if (dragX >= 0) {
            dragX = -1;
            setCursor(null);
        }
    }

    private void setHover(Bar b, Point at) {
        if (b != hover || b != null && !at.equals(hoverAt)) {
            hover = b;
            hoverAt = at;
            redraw();
        }
    }

    /** The job whose hover box is shown, or null. */
    public Bar hovered() {
        return hover;
    }

    // ------------------------------------------------------------------ geometry

    int labelWidth() {
        return Math.min(260, Math.max(140, getClientArea().width / 6));
    }

    private int plotWidth() {
        return Math.max(1, getClientArea().width - labelWidth() - RIGHT_MARGIN);
    }

    /** Pixel column of a time. */
    public int xOf(double t) {
        return labelWidth() + (int) Math.round((t - viewStart) / (viewEnd - viewStart) * plotWidth());
    }

    /** Time (epoch ms) at a pixel column. */
    public double timeAt(int x) {
        return viewStart + (x - labelWidth()) * (viewEnd - viewStart) / plotWidth();
    }

    private int rowHeight() {
        int rows = 0;
        for (Lane l : lanes) {
            rows += Math.max(1, l.rows().size());
        }
        if (rows == 0) {
            return MAX_ROW_HEIGHT;
        }
        int free = getClientArea().height - LEGEND_HEIGHT - AXIS_HEIGHT - lanes.size() * LANE_GAP - 4;
        return Math.max(MIN_ROW_HEIGHT, Math.min(MAX_ROW_HEIGHT, free / rows));
    }

    /** The top pixel row of each lane, and its height. */
    private List<int[]> laneBoxes() {
        List<int[]> out = new ArrayList<>();
        int rh = rowHeight();
        int y = LEGEND_HEIGHT + AXIS_HEIGHT;
        for (Lane l : lanes) {
            int h = Math.max(1, l.rows().size()) * rh + LANE_GAP;
            out.add(new int[] {y, h});
            y += h;
        }
        return out;
    }

    /** The box of one job's bar (solid part), or null when it is not in a lane. */
    public Rectangle barBounds(String id) {
        List<int[]> boxes = laneBoxes();
        int rh = rowHeight();
        for (int i = 0; i < lanes.size(); i++) {
            List<List<Bar>> rows = lanes.get(i).rows();
            for (int r = 0; r < rows.size(); r++) {
                for (Bar b : rows.get(r)) {
                    if (b.id().equals(id)) {
                        int x0 = xOf(b.started());
                        int x1 = Math.max(x0 + 1, xOf(b.finished()));
                        return new Rectangle(x0, boxes.get(i)[0] + LANE_GAP / 2 + r * rh + 1, x1 - x0,
                                Math.max(1, rh - 2));
                    }
                }
            }
        }
        return null;
    }

    /** The job whose bar is under (x, y) (a bar is at least 3 pixels wide for this), or null. */
    public Bar barAt(int x, int y) {
        if (x < labelWidth()) {
            return null;
        }
        List<int[]> boxes = laneBoxes();
        int rh = rowHeight();
        for (int i = 0; i < lanes.size(); i++) {
            int top = boxes.get(i)[0] + LANE_GAP / 2;
            List<List<Bar>> rows = lanes.get(i).rows();
            if (y < top || y >= top + Math.max(1, rows.size()) * rh) {
                continue;
            }
            int r = (y - top) / rh;
            if (r >= rows.size()) {
                return null;
            }
            Bar best = null;
            for (Bar b : rows.get(r)) {
                int x0 = xOf(b.started());
                int x1 = Math.max(x0 + 1, xOf(b.finished()));
                if (x >= x0 - 1 && x <= x1 + 1) {
                    best = b; // the last one drawn is on top
                }
            }
            return best;
        }
        return null;
    }

    /** What the hover box says about a job that ran on {@code worker}. */
    public static String describe(String worker, Bar b) {
        StringBuilder s = new StringBuilder();
        s.append(b.id()).append('\n');
        s.append(b.kind()).append("  ").append(b.state());
        if (b.attempts() > 1) {
            s.append("  (attempt ").append(b.attempts()).append(')');
        }
        s.append('\n');
        s.append("worker   ").append(worker).append('\n');
        s.append("queued   ").append(MILLIS.format(Instant.ofEpochMilli(b.queued()))).append('\n');
        s.append("started  ").append(MILLIS.format(Instant.ofEpochMilli(b.started()))).append('\n');
        s.append(b.state().equals("running") ? "now      " : "finished ")
                .append(MILLIS.format(Instant.ofEpochMilli(b.finished()))).append('\n');
        s.append(String.format(Locale.ROOT, "waited %s, ran %s", seconds(b.started() - b.queued()),
                seconds(b.finished() - b.started())));
        if (b.error() != null && !b.error().isBlank()) {
            s.append('\n').append(b.error());
        }
        return s.toString();
    }

    /** The worker in whose lane a bar is. */
    public String workerOf(Bar bar) {
        for (Lane l : lanes) {
            for (List<Bar> row : l.rows()) {
                if (row.contains(bar)) {
                    return l.worker();
                }
            }
        }
        return "";
    }

    static String seconds(long ms) {
        return ms < 10_000 ? String.format(Locale.ROOT, "%.3f s", ms / 1000.0)
                : ms < 600_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                        : String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, ms / 1000 % 60);
    }

    /** The colour of a job's bar as now coloured. */
    public RGB colourOf(Bar b) {
        if (colouring == Colouring.STATE) {
            return STATE_COLOURS.getOrDefault(b.state(), new RGB(0x88, 0x88, 0x88));
        }
        int i = kinds.indexOf(b.kind());
        return KIND_PALETTE[Math.max(0, i) % KIND_PALETTE.length];
    }

    private Color colour(RGB rgb) {
        return colours.computeIfAbsent(rgb, c -> new Color(getDisplay(), c));
    }

    // ------------------------------------------------------------------ drawing

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        gc.setAntialias(SWT.OFF);
        int left = labelWidth();
        Color text = getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        Color grid = colour(new RGB(0xe4, 0xe4, 0xe4));
        paintLegend(gc, left, text);
        if (lanes.isEmpty()) {
            gc.setForeground(text);
            gc.drawText("No job has run on a worker yet: jobs appear here once a worker starts them.", left,
                    LEGEND_HEIGHT + AXIS_HEIGHT + 8, true);
            return;
        }
        List<int[]> boxes = laneBoxes();
        int bottom = boxes.get(boxes.size() - 1)[0] + boxes.get(boxes.size() - 1)[1];
        // lanes' backgrounds and names
        for (int i = 0; i < lanes.size(); i++) {
            int[] box = boxes.get(i);
            gc.setBackground(colour(i % 2 == 0 ? new RGB(0xf3, 0xf3, 0xf3) : new RGB(0xfa, 0xfa, 0xfa)));
            gc.fillRectangle(0, box[0], area.width, box[1]);
            gc.setForeground(text);
            Lane l = lanes.get(i);
            String name = clip(gc, l.worker(), left - 90);
            int ty = box[0] + (box[1] - gc.getFontMetrics().getHeight()) / 2;
            gc.drawText(name, 6, ty, true);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            String busy = String.format(Locale.ROOT, "%.0f%% busy", 100 * l.busy());
            gc.drawText(busy, left - 10 - gc.textExtent(busy).x, ty, true);
        }
        paintAxis(gc, left, area, bottom, text, grid);
        gc.setForeground(colour(new RGB(0xc8, 0xc8, 0xc8)));
        gc.drawLine(left - 2, LEGEND_HEIGHT + AXIS_HEIGHT, left - 2, bottom - 1);
        gc.setClipping(left, LEGEND_HEIGHT + AXIS_HEIGHT, area.width - left, area.height);
        int rh = rowHeight();
        // the waits first (faint), then the runs (solid) on top
        gc.setAlpha(70);
        for (int i = 0; i < lanes.size(); i++) {
            int top = boxes.get(i)[0] + LANE_GAP / 2;
            List<List<Bar>> rows = lanes.get(i).rows();
            for (int r = 0; r < rows.size(); r++) {
                int mid = top + r * rh + rh / 2;
                for (Bar b : rows.get(r)) {
                    int q = xOf(b.queued());
                    int s = xOf(b.started());
                    if (s > q) {
                        gc.setBackground(colour(colourOf(b)));
                        gc.fillRectangle(q, mid - 1, s - q, Math.min(3, Math.max(1, rh / 4)));
                    }
                }
            }
        }
        gc.setAlpha(255);
        Color edge = colour(new RGB(0x40, 0x40, 0x40));
        for (int i = 0; i < lanes.size(); i++) {
            int top = boxes.get(i)[0] + LANE_GAP / 2;
            List<List<Bar>> rows = lanes.get(i).rows();
            for (int r = 0; r < rows.size(); r++) {
                for (Bar b : rows.get(r)) {
                    int x0 = xOf(b.started());
                    int x1 = Math.max(x0 + 1, xOf(b.finished()));
                    if (x1 < left || x0 > area.width) {
                        continue;
                    }
                    int y = top + r * rh + (rh > 4 ? 1 : 0);
                    int h = Math.max(1, rh > 4 ? rh - 2 : rh);
                    gc.setBackground(colour(colourOf(b)));
                    gc.fillRectangle(x0, y, x1 - x0, h);
                    if (b == hover) {
                        gc.setForeground(edge);
                        gc.drawRectangle(x0 - 1, y - 1, x1 - x0 + 1, h + 1);
                    }
                }
            }
        }
        // now, while jobs run
        long now = System.currentTimeMillis();
        if (now >= viewStart && now <= viewEnd && timeline != null && timeline.end() >= now - 2000) {
            gc.setForeground(colour(new RGB(0xe1, 0x57, 0x59)));
            gc.drawLine(xOf(now), LEGEND_HEIGHT + AXIS_HEIGHT, xOf(now), bottom);
        }
        gc.setClipping((Rectangle) null);
        if (hover != null && hoverAt != null) {
            paintHover(gc, area);
        }
    }

    private void paintLegend(GC gc, int left, Color text) {
        List<String> keys = colouring == Colouring.KIND ? kinds : new ArrayList<>(STATE_COLOURS.keySet());
        int x = left;
        int h = gc.getFontMetrics().getHeight();
        gc.setForeground(text);
        gc.drawText(colouring == Colouring.KIND ? "Kind:" : "State:", 6, 3, true);
        for (String k : keys) {
            RGB c = colouring == Colouring.KIND ? KIND_PALETTE[kinds.indexOf(k) % KIND_PALETTE.length]
                    : STATE_COLOURS.get(k);
            gc.setBackground(colour(c));
            gc.fillRectangle(x, 3 + (h - 10) / 2, 10, 10);
            gc.drawText(k, x + 14, 3, true);
            x += 14 + gc.textExtent(k).x + 16;
        }
    }

    private void paintAxis(GC gc, int left, Rectangle area, int bottom, Color text, Color grid) {
        double span = viewEnd - viewStart;
        double step = niceStep(span / Math.max(1, plotWidth() / 110.0));
        DateTimeFormatter f = step < 1000 ? MILLIS : SECONDS;
        int y = LEGEND_HEIGHT;
        gc.setForeground(grid);
        gc.drawLine(left, y + AXIS_HEIGHT - 1, area.width, y + AXIS_HEIGHT - 1);
        for (double t = Math.ceil(viewStart / step) * step; t <= viewEnd; t += step) {
            int x = xOf(t);
            if (x < left) {
                continue;
            }
            gc.setForeground(grid);
            gc.drawLine(x, y + AXIS_HEIGHT - 5, x, bottom);
            String label = f.format(Instant.ofEpochMilli(Math.round(t)));
            if (x + 3 + gc.textExtent(label).x <= area.width) {
                gc.setForeground(text);
                gc.drawText(label, x + 3, y + 2, true);
            }
        }
    }

    /** 1, 2 or 5 times a power of ten milliseconds, at least {@code raw}; whole minutes and hours above a minute. */
    static double niceStep(double raw) {
        if (raw >= 60_000) {
            for (double s : new double[] {60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000}) {
                if (s >= raw) {
                    return s;
                }
            }
            return Math.ceil(raw / 3_600_000) * 3_600_000;
        }
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return Math.max(1, m * p);
            }
        }
        return 10 * p;
    }

    private void paintHover(GC gc, Rectangle area) {
        Font previous = gc.getFont();
        gc.setFont(JFaceResources.getTextFont());
        String[] lines = describe(workerOf(hover), hover).split("\n");
        int w = 0;
        for (String l : lines) {
            w = Math.max(w, gc.textExtent(l).x);
        }
        int lh = gc.getFontMetrics().getHeight();
        int bw = w + 12;
        int bh = lines.length * lh + 8;
        int x = hoverAt.x + 14;
        int y = hoverAt.y + 14;
        if (x + bw > area.width) {
            x = Math.max(0, hoverAt.x - bw - 6);
        }
        if (y + bh > area.height) {
            y = Math.max(0, hoverAt.y - bh - 6);
        }
        gc.setBackground(colour(new RGB(0xff, 0xfb, 0xe6)));
        gc.fillRectangle(x, y, bw, bh);
        gc.setForeground(colour(new RGB(0xaa, 0xaa, 0xaa)));
        gc.drawRectangle(x, y, bw - 1, bh - 1);
        gc.setForeground(colour(new RGB(0x22, 0x22, 0x22)));
        for (int i = 0; i < lines.length; i++) {
            gc.drawText(lines[i], x + 6, y + 4 + i * lh, true);
        }
        gc.setFont(previous);
    }

    private static String clip(GC gc, String s, int width) {
        if (gc.textExtent(s).x <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && gc.textExtent(t + "\u2026").x > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }
}
