package org.daybreak.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;

import io.jhdf.object.datatype.ArrayDataType;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OpaqueDataType;
import io.jhdf.object.datatype.Reference;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;

/**
 * How an HDF5 element type is read into an NDArray and how it is named (NumPy's {@code dtype.str}, as h5py
 * reports it).
 *
 * <ul>
 * <li>Integers, floats (16/32/64 bit), bitfields: their own type; {@code <i4}, {@code >u2}, {@code |u1}, ...</li>
 * <li>Enumerations: their integer values ({@code dtype.str} of the base type); the h5py boolean enumeration
 *     (FALSE=0, TRUE=1) reads as BOOL, {@code |b1}.</li>
 * <li>Compounds of two floats named r/i or real/imag (h5py's complex numbers): FLOAT32/FLOAT64 with an extra last
 *     axis of length 2 (real, imaginary); {@code <c8} / {@code <c16}.</li>
 * <li>Fixed-size arrays of numbers: the base type with the array's axes appended; {@code |V<bytes>}.</li>
 * <li>Fixed-length strings: BYTES, the stored bytes exactly (trailing NULs removed, as NumPy does), whatever
 *     character set the type declares (h5py also returns bytes); {@code |S<length>}. Variable-length strings:
 *     STRING; {@code |O}.</li>
 * <li>Other compounds: STRING, one text per element like {@code (1, 2.5, abc)}; {@code |V<bytes>}
 *     ({@link H5Dataset#readFields} gives one array per field).</li>
 * <li>Opaque: STRING of hex digits; {@code |V<bytes>}. References and variable-length sequences: STRING; {@code |O}.</li>
 * </ul>
 */
final class TypeInfo {
    enum Kind { NUMERIC, FIXED_STRING, VLEN_STRING, VLEN, COMPOUND, OPAQUE, UNSUPPORTED }

    final Kind kind;
    final DType dtype;
    final ByteOrder order;
    /** Bytes of one element of the base type as read by the raw engine (for arrays/complex: of one number). */
    final int baseSize;
    /** Bytes per dataspace element in the file. */
    final int fileSize;
    /** Axes appended to the dataspace (array types, complex), else empty. */
    final int[] extraDims;
    final String numpyStr;
    final Charset charset;
    final StringData.PaddingType padding;
    final String unsupportedReason;

    private TypeInfo(Kind kind, DType dtype, ByteOrder order, int baseSize, int fileSize, int[] extraDims,
            String numpyStr, Charset charset, StringData.PaddingType padding, String unsupportedReason) {
        this.kind = kind;
        this.dtype = dtype;
        this.order = order;
        this.baseSize = baseSize;
        this.fileSize = fileSize;
        this.extraDims = extraDims;
        this.numpyStr = numpyStr;
        this.charset = charset;
        this.padding = padding;
        this.unsupportedReason = unsupportedReason;
    }

    /**
     * Numbers whose decoded file bytes are already their array form, element by element (no conversion other than
     * byte order, which the raw form keeps): plain integers and floats, not bool (HDF5's enum may hold any byte),
     * not types with extra axes or padded members.
     */
    boolean rawBytesReadable() {
        return kind == Kind.NUMERIC && extraDims.length == 0 && dtype != DType.BOOL && dtype != DType.STRING
                && baseSize == dtype.itemSize();
    }

    boolean rawReadable() {
        return kind == Kind.NUMERIC || kind == Kind.FIXED_STRING || kind == Kind.OPAQUE || kind == Kind.VLEN_STRING;
    }

    static TypeInfo of(DataType t) {
        int size = t.getSize();
        if (t instanceof FixedPoint fp) {
            DType d = intType(size, fp.isSigned());
            if (d == null) {
                return unsupported(t, "|V" + size, size + "-byte integers are not supported");
            }
            return numeric(d, fp.getByteOrder(), size, size, new int[0]);
        }
        if (t instanceof BitField bf) {
            DType d = intType(size, false);
            if (d == null) {
                return unsupported(t, "|V" + size, size + "-byte bitfields are not supported");
            }
            return numeric(d, bf.getByteOrder(), size, size, new int[0]);
        }
        if (t instanceof FloatingPoint f) {
            if (size == 2 && f.getExponentSize() == 8 && f.getMantissaSize() == 7 && f.getExponentBias() == 127) {
                // bfloat16: the top half of a float32; h5py reads it as float32
                return new TypeInfo(Kind.NUMERIC, DType.FLOAT32, f.getByteOrder(), 2, 2, new int[0],
                        numpy(f.getByteOrder(), 'f', 4), null, null, null);
            }
            if (size == 2 && (f.getExponentSize() != 5 || f.getMantissaSize() != 10)) {
                return unsupported(t, numpy(f.getByteOrder(), 'f', 4), "2-byte floats with " + f.getExponentSize()
                        + " exponent bits are not supported");
            }
            DType d = switch (size) {
                case 2 -> DType.FLOAT16;
                case 4 -> DType.FLOAT32;
                case 8 -> DType.FLOAT64;
                default -> null;
            };
            if (d == null) {
                return unsupported(t, numpy(f.getByteOrder(), 'f', size), size + "-byte floats are not supported");
            }
            return numeric(d, f.getByteOrder(), size, size, new int[0]);
        }
        if (t instanceof EnumDataType et) {
            if (et.getBaseType() instanceof FixedPoint fp) {
                if (isBoolEnum(et) && fp.getSize() == 1) {
                    return new TypeInfo(Kind.NUMERIC, DType.BOOL, ByteOrder.LITTLE_ENDIAN, 1, 1, new int[0], "|b1",
                            null, null, null);
                }
                DType d = intType(fp.getSize(), fp.isSigned());
                if (d != null) {
                    return numeric(d, fp.getByteOrder(), fp.getSize(), size, new int[0]);
                }
            }
            return unsupported(t, "|V" + size, "this enumeration's base type is not supported");
        }
        if (t instanceof StringData sd) {
            return new TypeInfo(Kind.FIXED_STRING, DType.BYTES, ByteOrder.LITTLE_ENDIAN, size, size, new int[0],
                    "|S" + size, sd.getCharset(), sd.getPaddingType(), null);
        }
        if (t instanceof VariableLength vl) {
            return new TypeInfo(vl.isVariableLengthString() ? Kind.VLEN_STRING : Kind.VLEN, DType.STRING, ByteOrder.LITTLE_ENDIAN, size, size, new int[0], "|O",
                    vl.isVariableLengthString() ? vl.getEncoding() : StandardCharsets.UTF_8, null, null);
        }
        if (t instanceof CompoundDataType ct) {
            List<CompoundDataType.CompoundDataMember> m = ct.getMembers();
            if (m.size() == 2 && m.get(0).getDataType() instanceof FloatingPoint a
                    && m.get(1).getDataType() instanceof FloatingPoint b && a.getSize() == b.getSize()
                    && (a.getSize() == 4 || a.getSize() == 8) && a.getByteOrder() == b.getByteOrder()
                    && m.get(0).getOffset() == 0 && m.get(1).getOffset() == a.getSize() && size == 2 * a.getSize()
                    && isComplexNames(m.get(0).getName(), m.get(1).getName())) {
                DType d = a.getSize() == 4 ? DType.FLOAT32 : DType.FLOAT64;
                return new TypeInfo(Kind.NUMERIC, d, a.getByteOrder(), a.getSize(), size, new int[] {2},
                        numpy(a.getByteOrder(), 'c', size), null, null, null);
            }
            return new TypeInfo(Kind.COMPOUND, DType.STRING, ByteOrder.LITTLE_ENDIAN, size, size, new int[0],
                    "|V" + (size + memoryDelta(t)), null, null, null);
        }
        if (t instanceof ArrayDataType at) {
            TypeInfo base = of(at.getBaseType());
            if (base.kind == Kind.NUMERIC && base.extraDims.length == 0) {
                return new TypeInfo(Kind.NUMERIC, base.dtype, base.order, base.baseSize, size,
                        at.getArrayTypeDimensions().clone(), "|V" + size, null, null, null);
            }
            return unsupported(t, "|V" + size, "arrays of this element type are not supported");
        }
        if (t instanceof OpaqueDataType ot) {
            String tag = ot.getAsciiTag() == null ? "" : ot.getAsciiTag().trim();
            if (tag.startsWith("NUMPY:")) {
                // h5py stores NumPy types HDF5 lacks as opaque data tagged with the NumPy type string
                String np = tag.substring(6);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\|S(\\d+)").matcher(np);
                if (m.matches() && Integer.parseInt(m.group(1)) == size) {
                    return new TypeInfo(Kind.FIXED_STRING, DType.BYTES, ByteOrder.LITTLE_ENDIAN, size, size,
                            new int[0], np, StandardCharsets.UTF_8, StringData.PaddingType.NULL_PADDED, null);
                }
                if (np.length() > 2 && (np.charAt(1) == 'M' || np.charAt(1) == 'm') && np.charAt(2) == '8'
                        && size == 8) {
                    ByteOrder o = np.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    return new TypeInfo(Kind.NUMERIC, DType.INT64, o, 8, 8, new int[0], np, null, null, null);
                }
            }
            return new TypeInfo(Kind.OPAQUE, DType.STRING, ByteOrder.LITTLE_ENDIAN, size, size, new int[0],
                    "|V" + size, null, null, null);
        }
        if (t instanceof Reference) {
            return new TypeInfo(Kind.VLEN, DType.STRING, ByteOrder.LITTLE_ENDIAN, size, size, new int[0], "|O", null,
                    null, null);
        }
        if (t instanceof io.jhdf.object.datatype.TimeDataType) {
            // HDF5 time types are rare; jHDF 0.13 also reports this class for some shared types it misreads, so
            // neither the size nor the NumPy type can be trusted
            return unsupported(t, null, "HDF5 time types (or a shared type jHDF misreads) are not supported");
        }
        return unsupported(t, "|V" + size, "HDF5 type class " + t.getDataClass() + " is not supported");
    }

    /**
     * How much larger the type is in memory than in the file, as HDF5 reports it to h5py: a variable-length string
     * is a pointer (8 bytes) instead of a 16-byte heap reference, a variable-length sequence keeps 16 bytes;
     * compounds and arrays add up their members.
     */
    static int memoryDelta(DataType t) {
        if (t instanceof VariableLength vl) {
            return (vl.isVariableLengthString() ? 8 : 16) - t.getSize();
        }
        if (t instanceof ArrayDataType at) {
            int n = 1;
            for (int d : at.getArrayTypeDimensions()) {
                n *= d;
            }
            return n * memoryDelta(at.getBaseType());
        }
        if (t instanceof CompoundDataType ct) {
            int sum = 0;
            for (CompoundDataType.CompoundDataMember m : ct.getMembers()) {
                sum += memoryDelta(m.getDataType());
            }
            return sum;
        }
        return 0;
    }

    private static boolean isComplexNames(String a, String b) {
        return (a.equals("r") && b.equals("i")) || (a.equals("real") && b.equals("imag"));
    }

    static boolean isBoolEnum(EnumDataType et) {
        Map<Integer, String> m = et.getEnumMapping();
        return m.size() == 2 && "FALSE".equals(m.get(0)) && "TRUE".equals(m.get(1));
    }

    private static TypeInfo numeric(DType d, ByteOrder order, int baseSize, int fileSize, int[] extra) {
        return new TypeInfo(Kind.NUMERIC, d, order, baseSize, fileSize, extra, d.numpyStr(order), null, null, null);
    }

    private static TypeInfo unsupported(DataType t, String numpyStr, String why) {
        return new TypeInfo(Kind.UNSUPPORTED, DType.STRING, ByteOrder.LITTLE_ENDIAN, t.getSize(), t.getSize(),
                new int[0], numpyStr, null, null, why);
    }

    private static String numpy(ByteOrder o, char kind, int size) {
        return (size == 1 ? "|" : o == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + size;
    }

    static DType intType(int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? DType.INT8 : DType.UINT8;
            case 2 -> signed ? DType.INT16 : DType.UINT16;
            case 4 -> signed ? DType.INT32 : DType.UINT32;
            case 8 -> signed ? DType.INT64 : DType.UINT64;
            default -> null;
        };
    }

    /** Reads an integer of {@code size} bytes at {@code pos} in the buffer's byte order. */
    static long readInt(ByteBuffer b, int pos, int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? b.get(pos) : b.get(pos) & 0xffL;
            case 2 -> signed ? b.getShort(pos) : b.getShort(pos) & 0xffffL;
            case 4 -> signed ? b.getInt(pos) : b.getInt(pos) & 0xffffffffL;
            default -> b.getLong(pos);
        };
    }

    static String hex(ByteBuffer bb) {
        StringBuilder s = new StringBuilder();
        ByteBuffer b = bb.duplicate();
        while (b.hasRemaining()) {
            s.append(String.format("%02x", b.get() & 0xff));
        }
        return s.toString();
    }
}
