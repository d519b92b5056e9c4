package org.daybreak.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** BYTES elements keep every byte value (0-255) exactly; only display decodes them. */
class ByteStringTest {

    @Test
    void everyByteValueRoundTrips() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String s = DType.byteString(all, 0, all.length);
        assertArrayEquals(all, DType.bytesOf(s));
        NDArray a = NDArray.wrap(DType.BYTES, new String[] {s}, 1);
        assertArrayEquals(all, DType.bytesOf((String) a.copy().getObjectFlat(0)));
        assertArrayEquals(all, DType.bytesOf(a.slice("0:1").copy().getString(0)));
    }

    @Test
    void displayDecodesUtf8AndEscapesOtherBytes() {
        byte[] micro = {(byte) 0xc2, (byte) 0xb5, 'm'};
        assertEquals("\u00b5m", DType.displayText(DType.byteString(micro, 0, 3)));
        byte[] bad = {'a', (byte) 0xff, 'b'};
        assertEquals("a\\xffb", DType.displayText(DType.byteString(bad, 0, 3)));
        NDArray text = NDArray.wrap(DType.BYTES, new String[] {DType.byteString(micro, 0, 3)}, 1).astype(DType.STRING);
        assertEquals("\u00b5m", text.getObjectFlat(0));
        NDArray back = text.astype(DType.BYTES);
        assertArrayEquals(micro, DType.bytesOf((String) back.getObjectFlat(0)));
    }

    @Test
    void numpyNamesOfBytes() {
        assertEquals(DType.BYTES, DType.fromNumpy("|S10"));
        assertEquals(DType.BYTES, DType.fromNumpy("S1"));
        assertEquals(DType.BYTES, DType.fromNumpy("bytes"));
        assertEquals(DType.STRING, DType.fromNumpy("|O"));
    }
}
