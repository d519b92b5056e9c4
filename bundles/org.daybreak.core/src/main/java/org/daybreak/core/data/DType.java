package org.daybreak.core.data;

import java.util.Locale;

/**
 * Element types of an {@link NDArray}: every HDF5 numeric class, booleans and strings.
 *
 * <p>Storage (the Java array that backs the elements) is fixed per type:
 * BOOL {@code boolean[]}; INT8/UINT8 {@code byte[]}; INT16/UINT16 {@code short[]}; INT32/UINT32 {@code int[]};
 * INT64/UINT64 {@code long[]}; FLOAT16/FLOAT32 {@code float[]} (half floats are widened exactly on read and
 * narrowed on write); FLOAT64 {@code double[]}; STRING {@code String[]} (text); BYTES {@code String[]} holding
 * byte strings, one char per byte (0-255, as Latin-1 and as Jython's {@code str}), so that NumPy's {@code |S} values
 * (HDF5 fixed-length strings) are kept byte for byte; {@link #displayText(String)} decodes them for people. Unsigned types keep their bit pattern
 * in the signed Java type of the same width; accessors convert ({@code getLong}/{@code getDouble} never
 * return a negative value for an unsigned type, UINT64 values above 2^63 come back exactly as doubles).
 */
public enum DType {
    BOOL("b1", 1, 'b'),
    INT8("i1", 1, 'i'),
    UINT8("u1", 1, 'u'),
    INT16("i2", 2, 'i'),
    UINT16("u2", 2, 'u'),
    INT32("i4", 4, 'i'),
    UINT32("u4", 4, 'u'),
    INT64("i8", 8, 'i'),
    UINT64("u8", 8, 'u'),
    FLOAT16("f2", 2, 'f'),
    FLOAT32("f4", 4, 'f'),
    FLOAT64("f8", 8, 'f'),
    STRING("O", 0, 'O'),
    /** Byte strings (NumPy {@code |S}): each element a String whose chars are the bytes, 0-255. */
    BYTES("S", 0, 'S');

    private final String code;
    private final int itemSize;
    private final char kind;

    DType(String code, int itemSize, char kind) {
        this.code = code;
        this.itemSize = itemSize;
        this.kind = kind;
    }

    /** Bytes per element in files and .npy ({@code 0} for strings, whose size varies). */
    public int itemSize() {
        return itemSize;
    }

    /** NumPy kind character: b, i, u, f, O or S. */
    public char kind() {
        return kind;
    }

    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    public boolean isUnsigned() {
        return kind == 'u';
    }

    public boolean isFloat() {
        return kind == 'f';
    }

    /** True for the element types held as {@code String[]}: STRING and BYTES. */
    public boolean isText() {
        return this == STRING || this == BYTES;
    }

    /**
     * The bytes of a BYTES element (each char one byte, 0-255); chars above 255 (never made by readers) are
     * replaced by '?'.
     */
    public static byte[] bytesOf(String byteString) {
        return byteString.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A BYTES element made from raw bytes (exact: one char per byte). */
    public static String byteString(byte[] b, int offset, int length) {
        return new String(b, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * A byte string as people read it: decoded as UTF-8 where its bytes are valid UTF-8 (ASCII included; files
     * often hold UTF-8 units like "µm" in types declared ASCII), else each byte that is not ASCII as {@code \xNN}.
     * For display only: never stored back.
     */
    public static String displayText(String byteString) {
        byte[] b = bytesOf(byteString);
        java.nio.charset.CharsetDecoder d = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return d.decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder s = new StringBuilder(b.length * 2);
            for (byte x : b) {
                int v = x & 0xff;
                if (v < 0x80) {
                    s.append((char) v);
                } else {
                    s.append(String.format("\\x%02x", v));
                }
            }
            return s.toString();
        }
    }

    public boolean isNumeric() {
        return kind == 'i' || kind == 'u' || kind == 'f' || kind == 'b';
    }

    /**
     * NumPy's {@code dtype.str} for this type in the given byte order, e.g. {@code <f4}, {@code >i2},
     * {@code |u1}, {@code |b1}. Single-byte types and strings use {@code |}.
     */
    public String numpyStr(java.nio.ByteOrder order) {
        if (itemSize <= 1) {
            return "|" + code;
        }
        return (order == java.nio.ByteOrder.BIG_ENDIAN ? ">" : "<") + code;
    }

    /** NumPy's {@code dtype.str} in little-endian order. */
    public String numpyStr() {
        return numpyStr(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Java class of the backing array, e.g. {@code float[].class}. */
    public Class<?> storageClass() {
        return switch (this) {
            case BOOL -> boolean[].class;
            case INT8, UINT8 -> byte[].class;
            case INT16, UINT16 -> short[].class;
            case INT32, UINT32 -> int[].class;
            case INT64, UINT64 -> long[].class;
            case FLOAT16, FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case STRING, BYTES -> String[].class;
        };
    }

    /** Allocates a zero-filled backing array of {@code n} elements. */
    public Object allocate(int n) {
        return switch (this) {
            case BOOL -> new boolean[n];
            case INT8, UINT8 -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case INT64, UINT64 -> new long[n];
            case FLOAT16, FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case STRING, BYTES -> new String[n];
        };
    }

    /**
     * Parses a NumPy type string such as {@code <f4}, {@code >u2}, {@code |b1}, {@code float32}, {@code uint8}
     * or {@code f8}. The byte order, if any, is ignored here (see {@link #byteOrderOf(String)}).
     *
     * @throws IllegalArgumentException naming the string when it is no supported type
     */
    public static DType fromNumpy(String s) {
        String t = s.trim();
        if (!t.isEmpty() && "<>|=".indexOf(t.charAt(0)) >= 0) {
            t = t.substring(1);
        }
        t = t.toLowerCase(Locale.ROOT);
        switch (t) {
            case "bool": case "?": return BOOL;
            case "int8": case "byte": return INT8;
            case "uint8": case "ubyte": return UINT8;
            case "int16": case "short": return INT16;
            case "uint16": case "ushort": return UINT16;
            case "int32": case "intc": return INT32;
            case "uint32": case "uintc": return UINT32;
            case "int64": case "long": case "int": return INT64;
            case "uint64": case "ulong": return UINT64;
            case "float16": case "half": case "e": return FLOAT16;
            case "float32": case "single": return FLOAT32;
            case "float64": case "double": case "float": case "d": return FLOAT64;
            case "o": case "object": case "str": case "string": return STRING;
            case "s": case "bytes": case "bytes_": return BYTES;
            default:
        }
        if (t.length() > 1 && t.charAt(0) == 's' && t.substring(1).chars().allMatch(Character::isDigit)) {
            return BYTES;
        }
        for (DType d : values()) {
            if (d.code.equalsIgnoreCase(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + s + "'");
    }

    /** Byte order named by a NumPy type string ({@code >} big-endian, otherwise little-endian). */
    public static java.nio.ByteOrder byteOrderOf(String numpyStr) {
        return numpyStr.startsWith(">") ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN;
    }

    /** The smallest common type for arithmetic between two types (NumPy-like promotion, simplified). */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.isText() || b.isText()) {
            throw new IllegalArgumentException("cannot combine " + a + " with " + b);
        }
        if (a.isFloat() || b.isFloat()) {
            int size = Math.max(a.isFloat() ? a.itemSize : 0, b.isFloat() ? b.itemSize : 0);
            int intSize = Math.max(a.isFloat() ? 0 : a.itemSize, b.isFloat() ? 0 : b.itemSize);
            if (size == 8 || intSize >= 4) {
                return FLOAT64;
            }
            return FLOAT32;
        }
        if (a == BOOL) {
            return b;
        }
        if (b == BOOL) {
            return a;
        }
        if (a.isUnsigned() == b.isUnsigned()) {
            return a.itemSize >= b.itemSize ? a : b;
        }
        DType signed = a.isUnsigned() ? b : a;
        DType unsigned = a.isUnsigned() ? a : b;
        if (signed.itemSize > unsigned.itemSize) {
            return signed;
        }
        return switch (unsigned.itemSize) {
            case 1 -> INT16;
            case 2 -> INT32;
            case 4 -> INT64;
            default -> FLOAT64;
        };
    }
}
