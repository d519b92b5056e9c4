package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SimulatorTest {

    @Test
    void sameSeedSameVoltagesOtherSeedOthers() {
        Simulator.Params a = new Simulator.Params(3, 5000, 2, new double[] {0.1, 0.37}, 10, new double[] {0, 1.5, -3.25},
                new double[] {1, 0.5, 2}, 8, 4, 42);
        byte[] q1 = Simulator.quantise(Simulator.voltages(a));
        byte[] q2 = Simulator.quantise(Simulator.voltages(a));
        assertArrayEquals(q1, q2);
        Simulator.Params b = new Simulator.Params(3, 5000, 2, new double[] {0.1, 0.37}, 10, new double[] {0, 1.5, -3.25},
                new double[] {1, 0.5, 2}, 8, 4, 43);
        assertFalse(Arrays.equals(q1, Simulator.quantise(Simulator.voltages(b))));
        for (byte x : q1) {
            assertTrue(x >= -127);
        }
    }

    @Test
    void skyDelayIsExactForWholeAndFractionalShifts() {
        // receiver noise off: antenna 1 (delay D + 3) must equal antenna 0 (delay D) three samples later
        for (double d : new double[] {0, 0.25, -1.5}) {
            Simulator.Params p = new Simulator.Params(2, 3000, 1, new double[] {0.2}, 5, new double[] {d, d + 3}, null,
                    10, 0, 9);
            float[][] v = Simulator.voltages(p);
            for (int n = 3; n < 3000; n++) {
                assertEquals(v[0][n - 3], v[1][n], 1e-3, "delay " + d + " sample " + n);
            }
        }
    }

    @Test
    void toneHasTheGivenFrequencyAmplitudeAndGain() {
        Simulator.Params p = new Simulator.Params(2, 4096, 1, new double[] {0.125}, 10, new double[] {0, 2},
                new double[] {1, 3}, 0, 0, 1);
        float[][] v = Simulator.voltages(p);
        double ms0 = 0, ms1 = 0;
        for (int n = 0; n < 4096; n++) {
            ms0 += v[0][n] * (double) v[0][n] / 4096;
            ms1 += v[1][n] * (double) v[1][n] / 4096;
            if (n >= 2) {
                assertEquals(3 * v[0][n - 2], v[1][n], 1e-4);
            }
        }
        // whole periods of a cosine: mean square A^2 / 2
        assertEquals(100 / 2.0, ms0, 1e-3);
        assertEquals(900 / 2.0, ms1, 1e-2);
    }

    @Test
    void badParametersAreOneSentence() {
        assertEquals("2 delays given for 3 antennas", assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Params(3, 100, 1, null, 1, new double[] {0, 1}, null, 1, 1, 1)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Params(3, 100, 1, new double[] {0.7}, 1, null, null, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Simulator.Params(3, 100, 3, null, 1, null, null, 1, 1, 1));
    }
}
