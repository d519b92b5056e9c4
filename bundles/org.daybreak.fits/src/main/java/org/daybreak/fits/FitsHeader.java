package org.daybreak.fits;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of one HDU: its 80-character cards in file order, parsed after FITS Standard 4.0 section 4
 * (IAU FITS Working Group, 2018, "Definition of the Flexible Image Transport System", version 4.0).
 *
 * <p>Value types (section 4.2): a character string ({@code '...'} with {@code ''} for a quote; trailing blanks
 * are not significant, leading ones are) becomes a {@link String}; a logical {@code T}/{@code F} a
 * {@link Boolean}; an integer a {@link Long} (a {@link BigInteger} beyond 64 bits); a floating-point number
 * (exponent letter E or D) a {@link Double}; a complex value {@code (re, im)} a two-element {@code List<Double>};
 * an undefined value (nothing after {@code = }) {@code null}. Long strings continued on {@code CONTINUE} cards
 * (section 4.2.1.2: a string ending in {@code &} continues on the next CONTINUE card) are joined. Cards without a
 * value indicator (COMMENT, HISTORY, blank keyword) keep their text as the value.
 */
public final class FitsHeader {

    /** One header card: keyword (upper case, trimmed), value (types above) and comment (or null). */
    public record Card(String keyword, Object value, String comment, boolean hasValue) {
    }

    static final int CARD = 80;
    static final int BLOCK = 2880;

    private final List<Card> cards;
    private final Map<String, Object> map;

    private FitsHeader(List<Card> cards) {
        this.cards = Collections.unmodifiableList(cards);
        Map<String, Object> m = new LinkedHashMap<>();
        for (Card c : cards) {
            String k = c.keyword();
            if (!c.hasValue()) {
                if (k.isEmpty() && (c.value() == null || String.valueOf(c.value()).isBlank())) {
                    continue;
                }
                String key = k.isEmpty() ? "COMMENT" : k;
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) m.computeIfAbsent(key, x -> new ArrayList<String>());
                l.add(c.value() == null ? "" : String.valueOf(c.value()));
            } else if (!m.containsKey(k)) {
                // section 4.1.2.1: a keyword should appear once; the first occurrence wins
                m.put(k, c.value());
            }
        }
        this.map = Collections.unmodifiableMap(m);
    }

    /** Cards in file order (END excluded, CONTINUE cards folded into the card they continue). */
    public List<Card> cards() {
        return cards;
    }

    /**
     * Keyword to value in file order (JSON-like: String, Boolean, Long, Double, null, or a list); COMMENT and
     * HISTORY (and blank-keyword commentary) collect their texts in a {@code List<String>}.
     */
    public Map<String, Object> map() {
        return map;
    }

    public boolean has(String keyword) {
        return map.containsKey(keyword);
    }

    public Object get(String keyword) {
        return map.get(keyword);
    }

    String string(String keyword, String dflt) {
        Object v = map.get(keyword);
        return v == null ? dflt : String.valueOf(v).trim();
    }

    long integer(String keyword, long dflt, String where) throws IOException {
        Object v = map.get(keyword);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new IOException(where + ": keyword " + keyword + " must be an integer, not '" + v + "'");
    }

    long required(String keyword, String where) throws IOException {
        if (!map.containsKey(keyword) || map.get(keyword) == null) {
            throw new IOException(where + ": the mandatory keyword " + keyword + " is missing");
        }
        return integer(keyword, 0, where);
    }

    double real(String keyword, double dflt, String where) throws IOException {
        Object v = map.get(keyword);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IOException(where + ": keyword " + keyword + " must be a number, not '" + v + "'");
    }

    boolean logical(String keyword) {
        return Boolean.TRUE.equals(map.get(keyword));
    }

    /** Parses the 80-character cards of one header (END excluded); {@code where} names the HDU in errors. */
    static FitsHeader parse(List<String> rawCards, String where) throws IOException {
        List<Card> out = new ArrayList<>();
        for (int i = 0; i < rawCards.size(); i++) {
            String raw = rawCards.get(i);
            Card c = parseCard(raw, where);
            if (c.value() instanceof String s && c.hasValue()) {
                // long-string convention (FITS 4.0 section 4.2.1.2)
                StringBuilder b = new StringBuilder(s);
                String comment = c.comment();
                while (b.length() > 0 && b.charAt(b.length() - 1) == '&' && i + 1 < rawCards.size()
                        && rawCards.get(i + 1).startsWith("CONTINUE")) {
                    Card next = parseValue("CONTINUE", rawCards.get(i + 1).substring(8), where);
                    if (!(next.value() instanceof String ns)) {
                        break;
                    }
                    b.setLength(b.length() - 1);
                    b.append(ns);
                    if (next.comment() != null) {
                        comment = comment == null ? next.comment() : comment + " " + next.comment();
                    }
                    i++;
                }
                c = new Card(c.keyword(), b.toString(), comment, true);
            }
            out.add(c);
        }
        return new FitsHeader(out);
    }

    /** One card (section 4.1): keyword in columns 1-8, value indicator "= " in columns 9-10. */
    static Card parseCard(String raw, String where) throws IOException {
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                throw new IOException(where + ": header card '" + raw.substring(0, 8).trim()
                        + "' holds a character that is not printable ASCII (code " + (int) ch + ")");
            }
        }
        String keyword = raw.substring(0, 8).trim();
        if (raw.startsWith("= ", 8) && !keyword.equals("COMMENT") && !keyword.equals("HISTORY")) {
            return parseValue(keyword, raw.substring(10), where);
        }
        String text = raw.substring(8);
        // commentary keywords: the text is columns 9-80 (section 4.4.2.4)
        return new Card(keyword, text.stripTrailing(), null, false);
    }

    private static Card parseValue(String keyword, String s, String where) throws IOException {
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i == n || s.charAt(i) == '/') {
            return new Card(keyword, null, i < n ? s.substring(i + 1).trim() : null, true);
        }
        Object value;
        int end;
        if (s.charAt(i) == '\'') {
            StringBuilder b = new StringBuilder();
            int j = i + 1;
            boolean closed = false;
            while (j < n) {
                char ch = s.charAt(j);
                if (ch == '\'') {
                    if (j + 1 < n && s.charAt(j + 1) == '\'') {
                        b.append('\'');
                        j += 2;
                        continue;
                    }
                    closed = true;
                    j++;
                    break;
                }
                b.append(ch);
                j++;
            }
            if (!closed) {
                throw new IOException(where + ": the string value of keyword " + keyword + " has no closing quote");
            }
            value = b.toString().stripTrailing();
            end = j;
        } else {
            int slash = s.indexOf('/', i);
            if (s.charAt(i) == '(') {
                int close = s.indexOf(')', i);
                if (close < 0) {
                    throw new IOException(where + ": the complex value of keyword " + keyword + " has no ')'");
                }
                String[] parts = s.substring(i + 1, close).split(",");
                if (parts.length != 2) {
                    throw new IOException(where + ": keyword " + keyword + " has a malformed complex value");
                }
                value = List.of(number(parts[0].trim(), keyword, where).doubleValue(),
                        number(parts[1].trim(), keyword, where).doubleValue());
                end = close + 1;
                slash = s.indexOf('/', end);
            } else {
                String tok = (slash < 0 ? s.substring(i) : s.substring(i, slash)).trim();
                if (tok.equals("T")) {
                    value = Boolean.TRUE;
                } else if (tok.equals("F")) {
                    value = Boolean.FALSE;
                } else {
                    value = number(tok, keyword, where);
                }
                end = slash < 0 ? n : slash;
            }
        }
        String comment = null;
        int slash = s.indexOf('/', end);
        if (slash >= 0) {
            comment = s.substring(slash + 1).trim();
        }
        return new Card(keyword, value, comment, true);
    }

    private static Number number(String tok, String keyword, String where) throws IOException {
        try {
            if (tok.matches("[+-]?[0-9]+")) {
                BigInteger b = new BigInteger(tok.startsWith("+") ? tok.substring(1) : tok);
                return b.bitLength() < 64 ? (Number) b.longValue() : b;
            }
            return Double.parseDouble(tok.replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            throw new IOException(where + ": keyword " + keyword + " has a value that is not a string, logical or "
                    + "number: '" + tok + "'");
        }
    }

    static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
