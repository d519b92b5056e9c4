package org.daybreak.script.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.daybreak.script.ui.OutputBuffer.Chunk;
import org.daybreak.script.ui.OutputBuffer.Kind;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

    @Test
    void mergesChunksOfOneKindInOrder() {
        OutputBuffer b = new OutputBuffer(100);
        b.add("a", Kind.OUT);
        b.add("b", Kind.OUT);
        b.add("E", Kind.ERR);
        b.add("c", Kind.OUT);
        assertEquals(List.of(new Chunk("ab", Kind.OUT), new Chunk("E", Kind.ERR), new Chunk("c", Kind.OUT)), b.drain());
        assertEquals(List.of(), b.drain());
    }

    @Test
    void dropsTheOldestOutputBeyondCapacityAndSaysSo() {
        OutputBuffer b = new OutputBuffer(10);
        b.add("0123456789", Kind.OUT);
        b.add("ERR", Kind.ERR);
        b.add("abcdefghijklmnop", Kind.OUT); // longer than the buffer on its own
        List<Chunk> out = b.drain();
        assertEquals(Kind.INFO, out.get(0).kind());
        assertTrue(out.get(0).text().startsWith("[19 characters of output dropped"), out.get(0).text());
        assertEquals(List.of(new Chunk("ghijklmnop", Kind.OUT)), out.subList(1, out.size()));
        b.add("x", Kind.OUT);
        assertEquals(List.of(new Chunk("x", Kind.OUT)), b.drain(), "the note comes once");
    }

    @Test
    void keepsTheNewestPartOfAChunkThatOverflowsTogetherWithEarlierOnes() {
        OutputBuffer b = new OutputBuffer(8);
        b.add("abcd", Kind.ERR);
        b.add("12345", Kind.OUT);
        List<Chunk> out = b.drain();
        assertTrue(out.get(0).text().startsWith("[1 characters"), out.get(0).text());
        assertEquals(List.of(new Chunk("bcd", Kind.ERR), new Chunk("12345", Kind.OUT)), out.subList(1, 3));
    }
}
