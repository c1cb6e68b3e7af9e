package dev.seam.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM a user imports manages every published seam-* module at the build's version. It has no
 * parent (so it manages nothing else), which is why this test keeps it in step.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ARTIFACT =
      Pattern.compile("<artifactId>(seam-[a-z0-9]+(?:-[a-z0-9]+)*)</artifactId>");
  private static final Pattern VERSION =
      Pattern.compile("<artifactId>seam-(?:parent|bom)</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void bomManagesEveryPublishedModuleAtTheBuildsVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    List<String> published = new ArrayList<>();
    Matcher modules =
        Pattern.compile(
                "<module>(adapter-[a-z]+(?:-[a-z]+)*|spring-boot/boot[0-9]+-[a-z]+)</module>")
            .matcher(parent);
    while (modules.find()) {
      String pom = Files.readString(ROOT.resolve(modules.group(1)).resolve("pom.xml"));
      Matcher own = ARTIFACT.matcher(pom.substring(pom.indexOf("</parent>")));
      assertThat(own.find()).as("artifactId of " + modules.group(1)).isTrue();
      published.add(own.group(1));
    }
    List<String> managed = new ArrayList<>();
    Matcher m = ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
    while (m.find()) {
      managed.add(m.group(1));
    }

    assertThat(published).isNotEmpty();
    assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(version(bom)).isEqualTo(version(parent));
    assertThat(bom).doesNotContain("<parent>");
    String managedBlock =
        bom.substring(
            bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    assertThat(managedBlock.split("<version>" + version(parent) + "</version>", -1))
        .hasSize(published.size() + 1); // one per module, each at the build's version
    assertThat(managedBlock.split("<version>", -1)).hasSize(published.size() + 1);
  }

  @Test
  void bomCarriesTheSameReleaseMetadataAsTheParent() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    Matcher url = Pattern.compile("<seam.project.url>([^<]+)</seam.project.url>").matcher(parent);
    assertThat(url.find()).as("seam.project.url in the parent POM").isTrue();
    // Maven Central refuses a POM without these; the parent's modules inherit them, the BOM
    // has no parent and spells them out.
    assertThat(bom)
        .contains("<url>" + url.group(1) + "</url>")
        .contains("<connection>scm:git:" + url.group(1) + ".git</connection>")
        .contains("<licenses>", "<developers>", "<scm>", "<description>");
  }

  private static String version(String pom) {
    Matcher m = VERSION.matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
