package org.daybreak.tomo.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * A row of small images with a caption each (the centre-search candidates), scaled to fit the canvas; one may be
 * marked "best" (green frame) and one "chosen" (red frame). A click reports the index of the thumbnail under the
 * mouse. Thread rule: UI thread only.
 */
public final class ThumbnailStrip extends Canvas {
    private static final int GAP = 4;
    private static final int CAPTION = 16;
    private final List<Image> images = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private int best = -1;
    private int chosen = -1;
    private IntConsumer onChoose = i -> {
    };
    private String message = "";

    public ThumbnailStrip(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.Resize, e -> redraw());
        addListener(SWT.MouseDown, e -> {
            int i = indexAt(e.x, e.y);
            if (i >= 0) {
                setChosen(i);
                onChoose.accept(i);
            }
        });
        addDisposeListener(e -> clear());
    }

    /** Replaces the thumbnails: {@code data.get(i)} with caption {@code captions.get(i)}. */
    public void setThumbnails(List<ImageData> data, List<String> captionList, int bestIndex) {
        clear();
        for (ImageData d : data) {
            images.add(new Image(getDisplay(), d));
        }
        captions.addAll(captionList);
        best = bestIndex;
        chosen = -1;
        redraw();
    }

    public void clear() {
        for (Image i : images) {
            i.dispose();
        }
        images.clear();
        captions.clear();
        best = -1;
        chosen = -1;
        if (!isDisposed()) {
            redraw();
        }
    }

    public void setMessage(String text) {
        message = text == null ? "" : text;
        redraw();
    }

    public void setOnChoose(IntConsumer listener) {
        onChoose = listener;
    }

    public void setChosen(int index) {
        chosen = index;
        redraw();
    }

    public int count() {
        return images.size();
    }

    public int chosen() {
        return chosen;
    }

    /** The rectangle of thumbnail {@code i} in canvas coordinates (caption below it). */
    public Rectangle cell(int i) {
        Rectangle a = getClientArea();
        int n = Math.max(1, images.size());
        int side = Math.max(8, Math.min(a.height - CAPTION - 2 * GAP, (a.width - GAP) / n - GAP));
        return new Rectangle(GAP + i * (side + GAP), GAP, side, side);
    }

    int indexAt(int x, int y) {
        for (int i = 0; i < images.size(); i++) {
            Rectangle c = cell(i);
            if (x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.height + CAPTION) {
                return i;
            }
        }
        return -1;
    }

    private void paint(GC gc) {
        Rectangle a = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(a);
        if (images.isEmpty()) {
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText(message, 8, 8, true);
            return;
        }
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        for (int i = 0; i < images.size(); i++) {
            Rectangle c = cell(i);
            Rectangle b = images.get(i).getBounds();
            gc.drawImage(images.get(i), 0, 0, b.width, b.height, c.x, c.y, c.width, c.height);
            if (i == chosen || i == best) {
                gc.setLineWidth(i == chosen ? 3 : 2);
                gc.setForeground(getDisplay().getSystemColor(i == chosen ? SWT.COLOR_RED : SWT.COLOR_DARK_GREEN));
                gc.drawRectangle(c.x - 1, c.y - 1, c.width + 1, c.height + 1);
                gc.setLineWidth(1);
                gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            }
            String t = captions.get(i);
            int tw = gc.textExtent(t).x;
            gc.drawText(t, c.x + Math.max(0, (c.width - tw) / 2), c.y + c.height + 1, true);
        }
    }
}
