package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views of a visibility set that the Correlator view plots, on hand-made visibilities, and the job checks. */
class CorrelatorDataTest {

    /** 3 antennas, 1 polarisation, 2 channels, 2 dumps; V_ij(dump, channel) = (1 + i + j + channel) * e^{i phi}. */
    private static Visibilities made() {
        int antennas = 3;
        int channels = 2;
        int dumps = 2;
        int baselines = Baselines.count(antennas);
        double[] data = new double[dumps * channels * baselines * 2];
        Visibilities v = new Visibilities(antennas, 1, channels, dumps, data, new double[] {1e6, 2e6},
                new double[] {0, 1}, false);
        for (int d = 0; d < dumps; d++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < antennas; i++) {
                    for (int j = i; j < antennas; j++) {
                        double amp = 1 + i + j + c;
                        double phi = i == j ? 0 : Math.toRadians(30 * (j - i) + 10 * d);
                        int k = v.index(d, c, Baselines.index(antennas, i, j), 0);
                        data[k] = amp * Math.cos(phi);
                        data[k + 1] = amp * Math.sin(phi);
                    }
                }
            }
        }
        return v;
    }

    @Test
    void spectrumIsTheTimeAveragedAmplitudeAndPhaseAndReversedBaselinesConjugate() {
        Visibilities v = made();
        double[][] s01 = CorrelatorData.spectrum(v, 0, 1, 0);
        double[][] s10 = CorrelatorData.spectrum(v, 1, 0, 0);
        // complex mean of 2 e^{i30deg} and 2 e^{i40deg}: amplitude 2 cos(5deg), phase 35deg
        assertEquals(2 * Math.cos(Math.toRadians(5)), s01[0][0], 1e-12);
        assertEquals(35, s01[1][0], 1e-9);
        assertEquals(s01[0][1], s10[0][1], 1e-12);
        assertEquals(-s01[1][1], s10[1][1], 1e-9);
        assertEquals(1, CorrelatorData.argMax(s01[0]));
    }

    @Test
    void waterfallIsDumpByChannelAndMatrixIsSymmetric() {
        Visibilities v = made();
        assertArrayEquals(new double[] {4, 5, 4, 5}, CorrelatorData.waterfall(v, 1, 2, 0), 1e-12);
        double[] m = CorrelatorData.matrix(v, 0, 0);
        assertEquals(9, m.length);
        assertEquals(1, m[0], 1e-12);
        assertEquals(5, m[8], 1e-12);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(m[i * 3 + j], m[j * 3 + i], 0);
            }
        }
    }

    @Test
    void badBaselinePolarisationOrChannelIsOneClearError() {
        Visibilities v = made();
        assertTrue(assertThrows(InputException.class, () -> CorrelatorData.spectrum(v, 0, 3, 0)).getMessage()
                .contains("needs antennas 0..2"));
        assertThrows(InputException.class, () -> CorrelatorData.waterfall(v, 0, 1, 1));
        assertThrows(InputException.class, () -> CorrelatorData.matrix(v, 2, 0));
    }

    @Test
    void runJobChecksItsInputsBeforeTheJobRuns(@TempDir Path tmp) throws Exception {
        Path volt = Files.writeString(tmp.resolve("volt.npy"), "");
        Path out = tmp.resolve("vis.h5");
        JobSpec spec = CorrelatorData.runJob(volt, out, 64, 4, 8, "hann");
        assertEquals(CorrRunJob.KIND, spec.kind());
        assertEquals(Map.of("voltages", volt.toString()), spec.inputs());
        assertEquals(64, spec.params().get("channels"));
        assertThrows(InputException.class, () -> CorrelatorData.runJob(tmp.resolve("none.npy"), out, 64, 4, 8,
                "hann"));
        assertThrows(InputException.class, () -> CorrelatorData.runJob(volt, out, 48, 4, 8, "hann"));
        assertThrows(InputException.class, () -> CorrelatorData.runJob(volt, out, 64, 0, 8, "hann"));
        assertThrows(InputException.class, () -> CorrelatorData.runJob(volt, out, 64, 4, 0, "hann"));
        assertThrows(InputException.class, () -> CorrelatorData.runJob(volt, tmp.resolve("vis.npy"), 64, 4, 8,
                "hann"));
    }

    @Test
    void visibilitiesWrittenByTheCorrelatorReadBack(@TempDir Path tmp) throws Exception {
        Visibilities v = made();
        Path file = tmp.resolve("vis.h5");
        CorrHdf5.writeVisibilities(file, v, Map.of());
        Visibilities back = CorrelatorData.read(file);
        assertEquals(3, back.antennas());
        assertEquals(2, back.channels());
        assertArrayEquals(v.data(), back.data(), 0);
        assertThrows(InputException.class, () -> CorrelatorData.read(tmp.resolve("missing.h5")));
    }
}
