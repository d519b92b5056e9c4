package org.daybreak.tomo.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;

/** Reads projection angles (degrees) from .npy or text files and matches them to projections. */
public final class AngleFiles {
    /** Angles closer than this (degrees) count as the same angle when runs of repeats are recognised. */
    public static final double SAME_ANGLE = 1e-3;

    private AngleFiles() {
    }

    /**
     * Angles in degrees from a 1-D .npy file (any numeric dtype) or a text file of numbers separated by white
     * space, commas or semicolons ('#' starts a comment). InputException when missing, empty or not numbers.
     */
    public static double[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("angles file " + file + " does not exist");
        }
        try {
            if (file.getFileName().toString().toLowerCase().endsWith(".npy")) {
                NDArray a = Npy.read(file);
                if (a.rank() != 1 && !(a.rank() == 2 && Math.min(a.shape(0), a.shape(1)) == 1)) {
                    throw new InputException("angles file " + file + " holds an array of shape "
                            + Arrays.toString(a.shape()) + "; expected one angle per projection (1-D)");
                }
                double[] v = a.toDoubleArray();
                return checked(v, file);
            }
            List<Double> values = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                for (String tok : line.trim().split("[\\s,;]+")) {
                    if (tok.isEmpty()) {
                        continue;
                    }
                    try {
                        values.add(Double.parseDouble(tok));
                    } catch (NumberFormatException e) {
                        throw new InputException("angles file " + file + " contains '" + tok + "', which is not a number");
                    }
                }
            }
            return checked(values.stream().mapToDouble(Double::doubleValue).toArray(), file);
        } catch (IOException e) {
            throw new InputException("cannot read angles file " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[] checked(double[] v, Path file) {
        if (v.length == 0) {
            throw new InputException("angles file " + file + " holds no angles");
        }
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new InputException("angles file " + file + " contains a value that is not finite");
            }
        }
        return v;
    }

    /**
     * The angles of {@code projections} projections from the values of an angles file. Equal counts are used as
     * they are. A file with more values may list one angle per frame of the whole scan, with the dark and flat
     * frames recorded at the first and last projection angle (Diamond's I12/I13 habit, e.g. Savu's image_test:
     * 111 values = 10 dark/flat frames at -88.2, 91 projections -88.2..91.8, 10 flat/dark frames at 91.8): then
     * a leading run of repeats of the first value collapses to its last element and a trailing run of repeats of
     * the last value to its first (repeats within {@link #SAME_ANGLE} degrees); if that leaves exactly
     * {@code projections} values they are used. Anything else is an InputException naming both counts.
     */
    public static double[] forProjections(double[] values, int projections, String what) {
        if (values.length == projections) {
            return values.clone();
        }
        if (values.length > projections) {
            int start = 0;
            while (start + 1 < values.length && Math.abs(values[start + 1] - values[0]) <= SAME_ANGLE) {
                start++;
            }
            int end = values.length - 1;
            double last = values[end];
            while (end - 1 > start && Math.abs(values[end - 1] - last) <= SAME_ANGLE) {
                end--;
            }
            if (end - start + 1 == projections) {
                return Arrays.copyOfRange(values, start, end + 1);
            }
        }
        throw new InputException(what + " holds " + values.length + " angles but there are " + projections
                + " projections");
    }
}
