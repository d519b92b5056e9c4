package org.daybreak.plot.render;

import org.jfree.data.xy.AbstractIntervalXYDataset;

/** One series of kept points for JFreeChart, with y intervals for error bars (y itself when there are none). */
final class SeriesDataset extends AbstractIntervalXYDataset {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final double[] x;
    private final double[] y;
    private final double[] yLow;
    private final double[] yHigh;

    SeriesDataset(String key, double[] x, double[] y, double[] yLow, double[] yHigh) {
        this.key = key;
        this.x = x;
        this.y = y;
        this.yLow = yLow;
        this.yHigh = yHigh;
    }

    @Override
    public int getSeriesCount() {
        return 1;
    }

    @Override
    public Comparable<?> getSeriesKey(int series) {
        return key;
    }

    @Override
    public int getItemCount(int series) {
        return y.length;
    }

    @Override
    public Number getX(int series, int item) {
        return x[item];
    }

    @Override
    public double getXValue(int series, int item) {
        return x[item];
    }

    @Override
    public Number getY(int series, int item) {
        return y[item];
    }

    @Override
    public double getYValue(int series, int item) {
        return y[item];
    }

    @Override
    public Number getStartX(int series, int item) {
        return x[item];
    }

    @Override
    public Number getEndX(int series, int item) {
        return x[item];
    }

    @Override
    public Number getStartY(int series, int item) {
        return yLow[item];
    }

    @Override
    public Number getEndY(int series, int item) {
        return yHigh[item];
    }

    @Override
    public double getStartYValue(int series, int item) {
        return yLow[item];
    }

    @Override
    public double getEndYValue(int series, int item) {
        return yHigh[item];
    }
}
