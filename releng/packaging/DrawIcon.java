import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws Daybreak's application icon at a large size (JDK only: {@code java releng/packaging/DrawIcon.java SIZE
 * OUT.png}); it made {@code branding/icon512.png}, the source of the macOS icon ({@code Daybreak.icns}, written by
 * Package.java). The drawing is the one of {@code branding/icon16.png} and {@code icon32.png}: a sun (#faaa28) rising
 * behind a horizon bar (#28468c) on a transparent square. Geometry in units of 1/32 of the side: the sun's centre at
 * (16, 22), radius 12.5, clipped at the horizon's top edge y = 22; the bar from y = 22 to 26 over the full width.
 */
public final class DrawIcon {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java releng/packaging/DrawIcon.java SIZE OUT.png");
        }
        int size = Integer.parseInt(args[0]);
        double u = size / 32.0;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double r = 12.5 * u;
        g.setClip(new Rectangle2D.Double(0, 0, size, 22 * u));
        g.setColor(new Color(0xfa, 0xaa, 0x28));
        g.fill(new Ellipse2D.Double(16 * u - r, 22 * u - r, 2 * r, 2 * r));
        g.setClip(null);
        g.setColor(new Color(0x28, 0x46, 0x8c));
        g.fill(new Rectangle2D.Double(0, 22 * u, size, 4 * u));
        g.dispose();
        if (!ImageIO.write(image, "png", new File(args[1]))) {
            throw new IllegalStateException("no PNG writer");
        }
    }
}
