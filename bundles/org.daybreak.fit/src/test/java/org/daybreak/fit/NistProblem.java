package org.daybreak.fit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NIST StRD nonlinear regression problem read from its .dat file: the model formula (converted from
 * NIST's notation: [ ] to parentheses, "y =" and "+ e" removed), the two starting points, certified values
 * and standard deviations, and the (x, y) data.
 */
final class NistProblem {
    final String name;
    final String formula;
    final List<String> parameters = new ArrayList<>();
    final double[] start1;
    final double[] start2;
    final double[] certified;
    final double[] certifiedSd;
    final double certifiedRss;
    final double[] x;
    final double[] y;
    final int predictors;

    private static final Pattern PARAM = Pattern.compile(
            "^\\s*(b\\d+)\\s*=\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$");

    NistProblem(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        name = file.getFileName().toString().replace(".dat", "");
        List<double[]> params = new ArrayList<>();
        StringBuilder model = new StringBuilder();
        boolean inModel = false;
        double rss = Double.NaN;
        List<double[]> data = new ArrayList<>();
        boolean inData = false;
        int pred = 1;
        for (String line : lines) {
            if (line.contains("Predictor")) {
                Matcher pm = Pattern.compile("(\\d+)\\s+Predictor").matcher(line);
                if (pm.find()) {
                    pred = Integer.parseInt(pm.group(1));
                }
            }
            if (line.startsWith("Model:")) {
                inModel = true;
                continue;
            }
            if (inModel) {
                String t = line.trim();
                if (t.startsWith("Starting") || t.startsWith("Certified")) {
                    inModel = false;
                } else if (t.contains("=") && !t.contains("Parameters") && !t.startsWith("pi")) {
                    model.append(t.substring(t.indexOf('=') + 1)).append(' ');
                } else if (model.length() > 0 && !t.isEmpty() && !t.contains("Parameters") && !t.startsWith("pi")) {
                    model.append(t).append(' ');
                }
            }
            Matcher m = PARAM.matcher(line);
            if (m.matches() && !inData) {
                parameters.add(m.group(1));
                params.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))});
            }
            if (line.startsWith("Residual Sum of Squares:")) {
                rss = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
            if (line.matches("^Data:\\s+y\\s.*")) {
                inData = true;
                continue;
            }
            if (inData && !line.isBlank()) {
                String[] f = line.trim().split("\\s+");
                double[] row = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    row[i] = Double.parseDouble(f[i]);
                }
                data.add(row);
            }
        }
        predictors = pred;
        String f = model.toString().replace('[', '(').replace(']', ')').trim();
        f = f.replaceAll("\\+\\s*e\\s*$", "").trim();
        formula = f;
        int np = params.size();
        start1 = new double[np];
        start2 = new double[np];
        certified = new double[np];
        certifiedSd = new double[np];
        for (int k = 0; k < np; k++) {
            start1[k] = params.get(k)[0];
            start2[k] = params.get(k)[1];
            certified[k] = params.get(k)[2];
            certifiedSd[k] = params.get(k)[3];
        }
        certifiedRss = rss;
        x = new double[data.size()];
        y = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            y[i] = data.get(i)[0];
            x[i] = data.get(i)[1];
        }
    }

    /**
     * Log relative error (B. D. McCullough, "Assessing the reliability of statistical software: Part I",
     * The American Statistician 52 (1998) 358-366): -log10(|est - cert| / |cert|), or -log10|est| when the
     * certified value is 0; capped at 11 (the certified values' digits), 0 when below 1 or not finite.
     */
    static double lre(double estimate, double cert) {
        double e = cert == 0 ? Math.abs(estimate) : Math.abs(estimate - cert) / Math.abs(cert);
        if (!Double.isFinite(estimate)) {
            return 0;
        }
        if (e == 0) {
            return 11;
        }
        double l = -Math.log10(e);
        if (l < 1) {
            return 0;
        }
        return Math.min(11, l);
    }
}
