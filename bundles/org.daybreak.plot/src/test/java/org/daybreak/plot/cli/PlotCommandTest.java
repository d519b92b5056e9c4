package org.daybreak.plot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.plot.TestData;
import org.daybreak.plot.color.ColorMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    private static final String AG = "nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5";
    private static final String NXS = "dawn-scisoft-core/NexusDiffractionTest/336502.nxs";

    @TempDir
    Path tmp;

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new PlotCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void realDetectorFrameFromNexusDefaultPlot() throws Exception {
        Path out = TestData.outputDir().resolve("AgBehenate_228.png");
        String msg = run(TestData.file(AG).toString(), "--out", out.toString());
        assertTrue(msg.contains("image 487 x 195"), msg);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(900, img.getWidth());
        // the colour bar and the rings use the whole table: both ends of viridis appear
        assertTrue(hasColour(img, ColorMap.get("viridis").argb(0) & 0xFFFFFF));
        assertTrue(hasColour(img, ColorMap.get("viridis").argb(255) & 0xFFFFFF));
        Path log = TestData.outputDir().resolve("AgBehenate_228_log_inferno.png");
        run(TestData.file(AG).toString(), "/entry/data/data", "--log", "--colormap", "inferno", "--out", log.toString());
        assertTrue(hasColour(ImageIO.read(log.toFile()), ColorMap.get("inferno").argb(255) & 0xFFFFFF));
    }

    @Test
    void stackNeedsASliceAndASliceIsDrawn() throws Exception {
        String nxs = TestData.file(NXS).toString();
        UsageException e = assertThrows(UsageException.class, () -> run(nxs, "--out", tmp.resolve("a.png").toString()));
        assertTrue(e.getMessage().contains("[10, 195, 487]") && e.getMessage().contains("--slice"), e.getMessage());
        Path png = TestData.outputDir().resolve("336502_frame3.png");
        assertTrue(run(nxs, "--slice", "3,:,:", "--colormap", "magma", "--out", png.toString()).contains("487 x 195"));
        Path svg = tmp.resolve("row.svg");
        assertTrue(run(nxs, "/entry/data/data", "--slice", "2,100,:", "--log", "--out", svg.toString())
                .contains("line of 487 points"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertEquals("svg", f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getNodeName());
        // a 1-D dataset with units
        assertTrue(run(nxs, "/entry/ringcurrent/data", "--out", tmp.resolve("rc.png").toString())
                .contains("line of 1208 points"));
    }

    @Test
    void nexusAxesLabelTheLineAndTheImage() throws Exception {
        // NXdata 'data' of nexus-example.hdf5: frames [10, 195, 487] with axes sample_times, vertical, horizontal
        String nx = TestData.file("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5").toString();
        assertTrue(run(nx, "--slice", ":,100,200", "--out", tmp.resolve("t.png").toString())
                .contains("line of 10 points"));
        Path png = TestData.outputDir().resolve("nexus-example_frame4_log_turbo.png");
        assertTrue(run(nx, "--slice", "4,:,:", "--log", "--colormap", "turbo", "--out", png.toString())
                .contains("image 487 x 195, turbo, log"));
        assertTrue(hasColour(ImageIO.read(png.toFile()), ColorMap.get("turbo").argb(255) & 0xFFFFFF));
    }

    @Test
    void npyFilesOneAndTwoDimensional() throws Exception {
        Path img = tmp.resolve("frame.npy");
        float[] v = new float[64 * 80];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 80;
        }
        Npy.write(img, NDArray.of(v, 64, 80));
        Path out = tmp.resolve("frame.png");
        assertTrue(run(img.toString(), "--colormap", "gray_r", "--range", "0,79", "--out", out.toString())
                .contains("image 80 x 64, gray_r, linear colour range 0.00000 to 79.0000"));
        BufferedImage png = ImageIO.read(out.toFile());
        assertTrue(hasColour(png, 0xFFFFFF) && hasColour(png, 0x000000));
        run(img.toString(), "-", "--slice", "5,:", "--out", tmp.resolve("row.png").toString());
        Path cube = tmp.resolve("cube.npy");
        Npy.write(cube, NDArray.of(new double[2 * 3 * 4], 2, 3, 4));
        UsageException e = assertThrows(UsageException.class, () -> run(cube.toString(), "--out",
                tmp.resolve("c.png").toString()));
        assertTrue(e.getMessage().contains("--slice 0,:,:"), e.getMessage());
        run(cube.toString(), "--slice", "1", "--out", tmp.resolve("c.svg").toString());
        run(cube.toString(), "--slice", "0:1,:,2", "--out", tmp.resolve("c1.png").toString());
        assertTrue(Files.size(tmp.resolve("c1.png")) > 0);
    }

    @Test
    void mistakesAreOneLineErrors() throws Exception {
        Path npy = tmp.resolve("a.npy");
        Npy.write(npy, NDArray.of(new double[] {1, 2, 3}));
        String o = tmp.resolve("o.png").toString();
        assertThrows(InputException.class, () -> run(tmp.resolve("missing.h5").toString(), "/x", "--out", o));
        UsageException map = assertThrows(UsageException.class, () -> run(npy.toString(), "--colormap", "jet",
                "--out", o));
        assertTrue(map.getMessage().contains("unknown colour map 'jet'"), map.getMessage());
        assertThrows(UsageException.class, () -> run(npy.toString(), "--slice", "1:2:0", "--out", o));
        assertThrows(UsageException.class, () -> run(npy.toString(), "--slice", "0,0", "--out", o));
        assertThrows(UsageException.class, () -> run(npy.toString(), "/data", "--out", o));
        assertThrows(UsageException.class, () -> run(npy.toString(), "--out", tmp.resolve("o.jpg").toString()));
        assertThrows(UsageException.class, () -> run(npy.toString()));
        assertThrows(UsageException.class, () -> run(npy.toString(), "--range", "5,1", "--out", o));
        assertThrows(InputException.class, () -> run(npy.toString(), "--out", tmp.resolve("no/dir/o.png").toString()));
        InputException missingPath = assertThrows(InputException.class, () -> run(TestData.file(AG).toString(),
                "/entry/nothing", "--out", o));
        assertTrue(missingPath.getMessage().contains("/entry/nothing"), missingPath.getMessage());
        Path text = tmp.resolve("text.npy");
        Files.writeString(text, "not a numpy file");
        assertThrows(InputException.class, () -> run(text.toString(), "--out", o));
    }
}
